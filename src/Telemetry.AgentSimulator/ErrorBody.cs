using System.Text.Json.Serialization;

namespace Telemetry.AgentSimulator;

/// <summary>The agent's error answer's inner object (internal/server/api/server.go <c>errorResponse</c> @3229ecc7).</summary>
internal sealed record ErrorBody(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("code")] int Code);
