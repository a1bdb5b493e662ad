using System.Text.Json.Serialization;

namespace Telemetry.HomeAssistant;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DiscoveryPayload))]
[JsonSerializable(typeof(Dictionary<string, ModelTokens>))]
internal sealed partial class DiscoveryJsonContext : JsonSerializerContext;
