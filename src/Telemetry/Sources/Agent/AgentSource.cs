namespace Telemetry.Sources.Agent;

/// <summary>The agent's own view of itself from its API: <c>GET /v1/system</c>, or <c>GET /health</c> on agents without it.</summary>
internal static class AgentSource
{
    public static SourceKey<AgentStatus> Key { get; } = new("agent");
}
