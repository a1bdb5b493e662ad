using System.Text.Json.Serialization;

namespace Telemetry.HomeAssistant;

/// <summary>One of the agent's dependencies, as an attribute of <c>agent_health</c>.</summary>
internal sealed record AgentDependencyAttributes(
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("last_check")] string? LastCheck,
    [property: JsonPropertyName("last_error")] string? LastError);
