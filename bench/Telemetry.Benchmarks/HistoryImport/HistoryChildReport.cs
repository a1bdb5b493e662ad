namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>What the measured process reports to the harness, as one line of JSON on its standard output.</summary>
/// <param name="Steps">In the order they ran; each pass's label is also what the Core stand-in counted its connection under.</param>
/// <param name="HeapRetained">Managed heap after a full collection following the first pass: what the importer keeps between passes.</param>
/// <param name="CommittedRetained">Memory the GC holds committed at that point (its heap and the room it keeps).</param>
/// <param name="ResidentRetained">Resident memory at that point.</param>
/// <param name="Statistics">Statistics the first pass imported.</param>
internal sealed record HistoryChildReport(IReadOnlyList<PassCost> Steps, long ResidentAtStart, long HeapRetained, long CommittedRetained, long ResidentRetained, int Statistics, string Runtime);
