using Telemetry.Sources.AgentApi;

namespace Telemetry.Sources.Loops;

/// <summary>Reads loop counts, context utilisation and root loops from the agent's <c>GET /v1/loops</c>.</summary>
internal sealed class LoopsReader(AgentApiClient api) : IReader<LoopsFigures>
{
    public bool BlocksThread => false;

    public Task<Reading<LoopsFigures>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        api.GetAsync("v1/loops", "a loop list", LoopsResponse.Parse, cancellationToken);
}
