namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>The <c>history</c> command's settings.</summary>
/// <param name="HourlyPasses">Hourly passes after the first, each with the clock one hour on.</param>
/// <param name="ColdCache">Whether thane.db leaves the page cache before the measured process starts (else it is read into it).</param>
internal sealed record HistoryRunSettings(string Dir, int Days, int CallsPerDay, int Seed, DateTimeOffset End, int HourlyPasses, bool ColdCache);
