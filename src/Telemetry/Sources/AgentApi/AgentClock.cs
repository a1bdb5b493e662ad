namespace Telemetry.Sources.AgentApi;

/// <summary>Where the agent's clock stands against the add-on's, from the seconds its answers carry.</summary>
/// <remarks>
/// An answer that says it was made in the agent's second <c>s</c>, asked at <c>sent</c> and received at
/// <c>received</c> on the add-on's clock, puts the agent's clock ahead by at least <c>s − received</c> and at most
/// <c>s + 1 s − sent</c>. The bounds of every answer are intersected; when they no longer meet, one of the clocks was
/// set, and the latest answer's bounds are taken alone.
/// </remarks>
internal sealed class AgentClock
{
    private TimeSpan? _low;
    private TimeSpan? _high;

    /// <summary>The agent's clock less the add-on's, the middle of what the answers allow; zero before the first.</summary>
    public TimeSpan Offset => _low is { } low && _high is { } high ? low + ((high - low) / 2) : TimeSpan.Zero;

    public void Observe(DateTimeOffset agentSecond, DateTimeOffset sent, DateTimeOffset received)
    {
        var low = agentSecond - received;
        var high = agentSecond + TimeSpan.FromSeconds(1) - sent;
        var (joinedLow, joinedHigh) = (_low is { } l && l > low ? l : low, _high is { } h && h < high ? h : high);
        (_low, _high) = joinedLow <= joinedHigh ? (joinedLow, joinedHigh) : (low, high);
    }

    public DateTimeOffset ToAgent(DateTimeOffset ours) => ours + Offset;

    public DateTimeOffset ToOurs(DateTimeOffset agents) => agents - Offset;
}
