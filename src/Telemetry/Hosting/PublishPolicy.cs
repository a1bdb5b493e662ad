using Telemetry.HomeAssistant;

namespace Telemetry.Hosting;

/// <summary>Decides, in one place, whether a publish sends everything or only what changed.</summary>
/// <remarks>
/// Everything goes out after a (re)connect or a Home Assistant birth (the broker or Home Assistant may have lost the
/// retained messages), after a publish that failed half-way, while the broker is away, and every
/// <see cref="TelemetryHostSettings.RepublishPeriod"/> so that no retained message goes stale.
/// </remarks>
internal sealed class PublishPolicy(TelemetryHostSettings settings)
{
    private bool _needsEverything = true;
    private DateTimeOffset? _lastEverything;

    /// <summary>The next publish sends everything.</summary>
    public void RequestEverything() => _needsEverything = true;

    public PublishMode Next(DateTimeOffset now) =>
        _needsEverything || _lastEverything is not { } last || now - last >= settings.RepublishPeriod || now < last
            ? PublishMode.Everything
            : PublishMode.Changes;

    /// <summary>A publish in <paramref name="mode"/> reached the broker whole.</summary>
    public void Published(PublishMode mode, DateTimeOffset now)
    {
        if (mode == PublishMode.Everything)
        {
            _lastEverything = now;
        }

        _needsEverything = false;
    }
}
