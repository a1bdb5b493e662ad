namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>A model the generated history calls, with its list prices in dollars per million tokens (zero for a local model).</summary>
internal sealed record UsageModel(string Model, string Provider, double InPerMillion, double OutPerMillion);
