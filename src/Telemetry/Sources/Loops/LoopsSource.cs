using Telemetry.Sources.AgentApi;

namespace Telemetry.Sources.Loops;

/// <summary>Loop counts, context utilisation and root loops from the agent's <c>GET /v1/loops</c>.</summary>
internal sealed class LoopsSource(AgentApiClient api)
{
    public Task<Reading<LoopStats>> ReadAsync(CancellationToken cancellationToken) =>
        api.GetAsync("v1/loops", "a loop list", LoopsResponse.Parse, cancellationToken);
}
