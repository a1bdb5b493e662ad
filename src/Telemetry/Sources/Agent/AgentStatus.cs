namespace Telemetry.Sources.Agent;

/// <summary>The agent's own view of itself, from <c>GET /v1/system</c> (or <c>GET /health</c> on agents without it).</summary>
/// <param name="Status"><c>healthy</c>, or <c>degraded</c> when a dependency is not ready (or, from <c>/health</c>, the instance is unverified).</param>
/// <param name="Started">When the agent started, from its uptime; null when the agent does not say (<c>/health</c> only).</param>
/// <param name="Version">Its version; null when the agent does not say.</param>
internal sealed record AgentStatus(string Status, IReadOnlyList<AgentDependency> Dependencies, DateTimeOffset? Started, string? Version, string? GitCommit);
