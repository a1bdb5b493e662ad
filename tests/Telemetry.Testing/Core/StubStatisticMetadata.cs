namespace Telemetry.Testing.Core;

/// <summary>One row of Core's <c>statistics_meta</c> table, as the recorder keeps it after an import.</summary>
/// <param name="MeanType">Core's <c>StatisticMeanType</c>: 0 none, 1 arithmetic, 2 circular (recorder/models/statistics.py@03b04f2b).</param>
/// <param name="UnitClass">The unit converter's class, or null; derived from the unit when an import leaves it out (recorder/statistics.py@0055cc7e).</param>
internal sealed record StubStatisticMetadata(
    string StatisticId,
    string Source,
    string? Name,
    string? UnitOfMeasurement,
    string? UnitClass,
    int MeanType,
    bool HasSum);
