using System.Globalization;
using Telemetry.History;

namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>The <c>history</c> command's report, as Markdown for BENCHMARKS.md.</summary>
internal static class HistoryTable
{
    private const double MB = 1024 * 1024;

    public static void Print(HistoryManifest manifest, HistoryChildReport fresh, HistoryChildReport warmed, CoreEndpoint core, TimeSpan stubCpu, HistoryRunSettings settings, TextWriter output)
    {
        var first = Step(fresh, "first");
        var firstTally = core.Tally("first");
        var imports = firstTally.ByType.GetValueOrDefault(StatisticsCommands.Import);
        var chunks = fresh.Statistics == 0 ? 0 : imports / fresh.Statistics;
        output.WriteLine();
        output.WriteLine(Text($"History: {manifest.Days} days x {manifest.CallsPerDay:N0} calls = {manifest.Rows:N0} rows of usage_records, thane.db {manifest.DatabaseBytes / MB:0} MB (WAL), {manifest.Models} models, ending {manifest.End:yyyy-MM-dd'T'HH:mm'Z'}; page cache {(settings.ColdCache ? "emptied of thane.db before each process" : "warm")}."));
        output.WriteLine(Text($"First pass: {first.Result:N0} hours, {Step(fresh, "sql-1").Result:N0} hour-and-model rows, {fresh.Statistics} statistics, {chunks} months of hours ({imports} import messages)."));
        output.WriteLine(Text($"Measured processes: {fresh.Runtime}; resident at start {fresh.ResidentAtStart / MB:0.0} MB (fresh), {warmed.ResidentAtStart / MB:0.0} MB (warmed)."));
        output.WriteLine();
        output.WriteLine("| step | CPU (user+system) | system | wall | allocated | resident before | peak resident in step | peak − before | managed heap after | read | written | messages | bytes sent | largest message |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        output.WriteLine(Row("first pass, fresh process (compiling as it goes)", first, firstTally));
        var hourly = fresh.Steps.Where(s => s.Label.StartsWith("hourly-", StringComparison.Ordinal)).ToList();
        if (hourly.Count > 0)
        {
            output.WriteLine(Row("hourly pass, the first", hourly[0], core.Tally(hourly[0].Label)));
        }

        if (hourly.Count > 1)
        {
            var rest = hourly.Skip(1).OrderBy(s => s.CpuMs).ToList();
            var median = rest[rest.Count / 2];
            output.WriteLine(Row($"hourly pass, median of the next {rest.Count}", median, core.Tally(median.Label)));
        }

        foreach (var step in fresh.Steps.Where(s => s.Label.StartsWith("sql-", StringComparison.Ordinal)))
        {
            output.WriteLine(Row($"HourlyUsageSql.ReadAsync alone ({step.Label})", step, null));
        }

        output.WriteLine(Row("floor: the same rows summed in SQLite, no GROUP BY", Step(fresh, "sum"), null));
        output.WriteLine(Row($"the same query a UTC day at a time ({manifest.Days} calls)", Step(fresh, "by-day"), null));
        output.WriteLine(Row("warm-up pass over the first 2 days (second process)", Step(warmed, "warm-up"), core.Tally("warm-up")));
        output.WriteLine(Row("first pass after the warm-up (compiled)", Step(warmed, "first-warmed"), core.Tally("first-warmed")));
        var restart = CoreEndpoint.HoldsAllPrefix + "-warmed";
        output.WriteLine(Row("after a restart, Home Assistant holding everything (compiled)", Step(warmed, restart), core.Tally(restart)));
        output.WriteLine();
        output.WriteLine(Text($"With the default pause of {new HistoryImportSettings().PauseBetweenChunks.TotalSeconds:0} s after each month but the last, the first pass's wall time grows by {Math.Max(0, chunks - 1)} s; its CPU does not."));
        output.WriteLine(Text($"Kept between passes (after the first pass and a full collection): managed heap {fresh.HeapRetained / MB:0.0} MB (fresh), {warmed.HeapRetained / MB:0.0} MB (warmed); GC committed {fresh.CommittedRetained / MB:0.0} MB, {warmed.CommittedRetained / MB:0.0} MB; resident {fresh.ResidentRetained / MB:0.0} MB (fresh), {warmed.ResidentRetained / MB:0.0} MB (warmed)."));
        output.WriteLine(Text($"First pass's messages by type: {string.Join(", ", firstTally.ByType.Select(t => $"{t.Key} {t.Value}"))}; the largest is {firstTally.Largest / (double)CoreSocket.MaxMessageBytes:P1} of the {CoreSocket.MaxMessageBytes / MB:0} MiB Core takes."));
        output.WriteLine(Text($"The harness process (the Core stand-in, and waiting for the measured processes) used {stubCpu.TotalMilliseconds:N0} ms CPU while they ran, not counted above."));
    }

    private static PassCost Step(HistoryChildReport report, string label) => report.Steps.Single(s => s.Label == label);

    private static string Row(string what, PassCost step, SocketTally? tally) => Text(
        $"| {what} | {Ms(step.CpuMs)} | {Ms(step.SystemMs)} | {Ms(step.WallMs)} | {step.AllocatedBytes / MB:0.0} MB | {step.ResidentBefore / MB:0.0} MB | ") + (step.PeakIsStep
            ? Text($"{step.PeakResident / MB:0.0} MB | {(step.PeakResident - step.ResidentBefore) / MB:+0.0;-0.0} MB | ")
            : Text($"({step.PeakResident / MB:0.0} MB since start) | - | "))
        + Text($"{step.HeapAfter / MB:0.0} MB | {step.ReadBytes / MB:0} MB | {step.WrittenBytes / MB:0.0} MB | ")
        + (tally is null ? "- | - | - |" : Text($"{tally.Messages:N0} | {tally.Bytes:N0} | {tally.Largest:N0} |"));

    private static string Ms(double ms) => ms >= 100 ? Text($"{ms:N0} ms") : Text($"{ms:0.0} ms");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
