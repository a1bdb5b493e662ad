using System.Text.Json.Serialization;
using Telemetry.Benchmarks.Generation;
using Telemetry.Benchmarks.HistoryImport;

namespace Telemetry.Benchmarks;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Manifest))]
[JsonSerializable(typeof(HistoryManifest))]
[JsonSerializable(typeof(HistoryChildReport))]
[JsonSerializable(typeof(string))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
