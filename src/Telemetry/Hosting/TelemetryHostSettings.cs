using Telemetry.Supervisor;

namespace Telemetry.Hosting;

/// <summary>How the host runs, from the command line and the environment rather than the add-on options.</summary>
/// <param name="StateDirectory">The add-on's own persistent folder (<c>/data</c> under the Supervisor).</param>
/// <param name="RunOnce">Collect and publish one cycle, then exit.</param>
internal sealed record TelemetryHostSettings(string StateDirectory, bool RunOnce, SupervisorEndpoint Supervisor)
{
    /// <summary>Everything is re-sent this often even when nothing changed, so no retained message goes stale.</summary>
    public TimeSpan RepublishPeriod { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long <see cref="RunOnce"/> waits for the broker.</summary>
    public TimeSpan OnceConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
