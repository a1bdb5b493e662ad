namespace Telemetry.Testing.Core;

/// <summary>An import the recorder accepted: its metadata and hourly rows as Core stores them, and how many warnings Core logged for it.</summary>
internal sealed record StatisticsImport(StubStatisticMetadata Metadata, IReadOnlyList<StubStatisticRow> Rows, int DeprecationWarnings);
