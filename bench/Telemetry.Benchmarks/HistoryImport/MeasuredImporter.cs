using Telemetry.History;

namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>An importer with the state it reports to and the memory it keeps its models in, as the add-on wires them.</summary>
internal sealed record MeasuredImporter(HistoryImporter Importer, HistoryImportState State, HistoryMemory Memory);
