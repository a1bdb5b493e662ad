namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>What <c>history</c> generated into an agent directory, so that a later run with the same settings reuses it.</summary>
/// <param name="End">The instant the history ends: every row is stamped before it.</param>
internal sealed record HistoryManifest(int Days, int CallsPerDay, int Seed, DateTimeOffset End, long Rows, int Models, long DatabaseBytes);
