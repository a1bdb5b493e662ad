using System.Text.Json.Serialization;

namespace Telemetry.History;

/// <summary>The JSON the import keeps, source-generated (no reflection, AOT-safe).</summary>
[JsonSerializable(typeof(RememberedHistory))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
