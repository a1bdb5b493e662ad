using Telemetry.Sources.AgentApi;

namespace Telemetry.Sources.Agent;

/// <summary>Reads the agent's status, version and start time from its API: <c>GET /v1/system</c>, or <c>GET /health</c> on agents without it.</summary>
/// <remarks>
/// The start time is the answer's time minus the uptime, which the agent gives in whole seconds: two cycles would
/// differ by a second now and then for the same start. It is kept while it moves by less than <see cref="Jitter"/>,
/// so Home Assistant sees one value per start of the agent.
/// </remarks>
internal sealed class AgentStatusReader(AgentApiClient api) : IReader<AgentStatus>
{
    /// <summary>How far two readings of one start may lie apart (uptime rounding, and the time the answer took).</summary>
    public static readonly TimeSpan Jitter = TimeSpan.FromSeconds(3);

    private DateTimeOffset? _started;

    public bool BlocksThread => false;

    public async Task<Reading<AgentStatus>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reading = await api.GetAsync("v1/system", "the agent's system status", root => AgentStatusResponse.ParseSystem(root, now), cancellationToken,
            notFound: () => Reading<AgentStatus>.Absent("no /v1/system"));
        if (reading.IsAbsent)
        {
            reading = await api.GetAsync("health", "the agent's health", AgentStatusResponse.ParseHealth, cancellationToken,
                notFound: () => Reading<AgentStatus>.Unavailable("the agent has neither /v1/system nor /health (an older agent)"));
        }

        return reading.Value is { Started: { } started } status ? Reading<AgentStatus>.Ok(status with { Started = Stable(started) }) : reading;
    }

    private DateTimeOffset Stable(DateTimeOffset started)
    {
        var whole = new DateTimeOffset(started.UtcTicks - (started.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (_started is not { } kept || (whole - kept).Duration() >= Jitter)
        {
            _started = whole;
        }

        return _started.Value;
    }
}
