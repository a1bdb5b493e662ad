using System.Text.Json.Serialization;
using Telemetry.Benchmarks.Generation;

namespace Telemetry.Benchmarks;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Manifest))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
