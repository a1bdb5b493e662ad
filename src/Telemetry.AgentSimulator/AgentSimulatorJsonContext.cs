using System.Text.Json.Serialization;

namespace Telemetry.AgentSimulator;

[JsonSerializable(typeof(Dictionary<string, ErrorBody>))]
internal sealed partial class AgentSimulatorJsonContext : JsonSerializerContext;
