using System.Text.Json.Serialization;

namespace Telemetry.HomeAssistant;

/// <summary>Every JSON the Home Assistant side writes or reads, source-generated (no reflection, trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DiscoveryPayload))]
[JsonSerializable(typeof(Dictionary<string, ModelTokens>))]
[JsonSerializable(typeof(List<RememberedComponent>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, long>>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, decimal>>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, AgentDependencyAttributes>))]
internal sealed partial class HomeAssistantJsonContext : JsonSerializerContext;
