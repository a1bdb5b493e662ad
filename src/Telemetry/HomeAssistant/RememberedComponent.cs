using System.Text.Json.Serialization;

namespace Telemetry.HomeAssistant;

/// <summary>One entry of <see cref="ComponentMemory"/>'s file; the source by its published name, which never changes.</summary>
internal sealed record RememberedComponent(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("source")] string? Source);
