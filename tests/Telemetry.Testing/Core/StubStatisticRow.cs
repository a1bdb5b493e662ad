namespace Telemetry.Testing.Core;

/// <summary>One hourly row of Core's <c>statistics</c> table; an import of the same (statistic_id, start) replaces every column of it.</summary>
/// <remarks>recorder/statistics.py@0055cc7e <c>_import_statistics_with_session</c> updates an existing row from the imported one; Core's
/// <c>_update_statistics</c> writes each column from <c>stat.get(...)</c>, so a column the new row leaves out becomes null.</remarks>
internal sealed record StubStatisticRow(
    DateTimeOffset Start,
    double? State,
    double? Sum,
    double? Mean = null,
    double? Min = null,
    double? Max = null,
    DateTimeOffset? LastReset = null);
