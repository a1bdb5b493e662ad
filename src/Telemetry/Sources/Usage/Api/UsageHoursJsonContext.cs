using System.Text.Json.Serialization;

namespace Telemetry.Sources.Usage.Api;

/// <summary>The JSON of <see cref="UsageHoursStore"/>, source-generated (no reflection, AOT-safe).</summary>
[JsonSerializable(typeof(KeptUsageHours))]
internal sealed partial class UsageHoursJsonContext : JsonSerializerContext;
