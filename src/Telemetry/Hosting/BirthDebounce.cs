namespace Telemetry.Hosting;

/// <summary>How Home Assistant's births are answered: the first by a full republish at once, further ones within <see cref="QuietPeriod"/> by one republish at its end.</summary>
/// <remarks>
/// Home Assistant sends one birth per start; a flood (several instances on one broker, a client replaying the topic)
/// must not turn into a full publish per message. States go at QoS 0, so a republish takes milliseconds and no
/// longer absorbs the births that arrive while it runs: the quiet period does.
/// </remarks>
internal sealed class BirthDebounce(TimeProvider timeProvider)
{
    /// <summary>After a republish for a birth, further births wait this long and are answered by one republish.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(10);

    private long? _lastRepublish;
    private bool _deferred;

    /// <summary>A birth arrived.</summary>
    /// <returns>
    /// <see cref="TimeSpan.Zero"/>: republish now. A positive delay: republish once it has passed, then call
    /// <see cref="DeferredDue"/>. Null: a republish is already planned, which answers this birth too.
    /// </returns>
    public TimeSpan? OnBirth()
    {
        if (_deferred)
        {
            return null;
        }

        var quiet = _lastRepublish is { } last ? QuietPeriod - timeProvider.GetElapsedTime(last) : TimeSpan.Zero;
        if (quiet > TimeSpan.Zero)
        {
            _deferred = true;
            return quiet;
        }

        _lastRepublish = timeProvider.GetTimestamp();
        return TimeSpan.Zero;
    }

    /// <summary>The delay <see cref="OnBirth"/> gave has passed: republish now.</summary>
    public void DeferredDue()
    {
        _deferred = false;
        _lastRepublish = timeProvider.GetTimestamp();
    }
}
