using System.Globalization;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>The agent-side cost of the add-on's usage requests on one agent, and its rows in the report's tables.</summary>
/// <param name="Baseline">The agent's own telemetry per cycle: the package's Summary and by-model queries over 24 hours.</param>
/// <param name="Steady">A steady cycle: <c>hours=24&amp;group_by=model</c>.</param>
/// <param name="TopOfHour">A top of the hour's requests once an hour has been followed: six grouped ones (hours 2 and 1, by model, provider and role).</param>
/// <param name="DayWindow">One ungrouped request from local midnight, at its largest.</param>
/// <param name="MonthWindow">One ungrouped request from the first of the month, at its largest.</param>
/// <param name="FirstStart">The first start's three grouped requests over the whole history.</param>
/// <param name="FirstTop">The first top of the hour after the first start: the whole history again, the last hour, and the calendar windows.</param>
internal sealed record AgentApiResult(
    string Label, AgentApiRows Rows, IReadOnlyList<Sample> Baseline, IReadOnlyList<Sample> Steady, IReadOnlyList<Sample> TopOfHour,
    IReadOnlyList<Sample> DayWindow, IReadOnlyList<Sample> MonthWindow, IReadOnlyList<Sample> FirstStart, IReadOnlyList<Sample> FirstTop)
{
    /// <summary>
    /// Cycles an hour that ask the 24-hour window: one a minute at the 60 s default, and the top of the hour's own cycle,
    /// which <c>ContinuousRun</c> runs beside the timer's (<c>UsageApiReader.NextCycleAt</c>) and which asks it too.
    /// </summary>
    public const int WindowRequestsPerHour = 61;

    public const int CyclesPerHour = 60;

    /// <summary>The baseline with the harness's <c>AgentPackageBaseline.ByModelSql</c> (grouped by <c>COALESCE(model, '')</c>), for comparison.</summary>
    public IReadOnlyList<Sample> HarnessBaseline { get; init; } = [];

    /// <summary>One first start with the page cache emptied before it, when asked for.</summary>
    public Sample? ColdFirstStart { get; init; }

    /// <summary>The first start's requests run at once, as the agent answers them when the add-on sends them together.</summary>
    public Sample FirstStartTogether { get; init; }

    /// <summary>Of those, the slowest answer's time from their common start: what meets the add-on's request timeout.</summary>
    public TimeSpan FirstStartSlowest { get; init; }

    private double AmortisedWall => ((WindowRequestsPerHour * Wall(Steady)) + Wall(TopOfHour)) / CyclesPerHour;

    private double AmortisedCpu => ((WindowRequestsPerHour * Cpu(Steady)) + Cpu(TopOfHour)) / CyclesPerHour;

    public void Print(TextWriter output)
    {
        void Line(string name, IReadOnlyList<Sample> samples) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-44} {Wall(samples),10:0.00} ms wall {Cpu(samples),10:0.00} ms CPU {Kib(samples),10:0} KiB read  ({samples.Count} runs, wall {Summary.Min(samples.Select(s => s.Wall.Ms())):0.00}-{Summary.Max(samples.Select(s => s.Wall.Ms())):0.00})"));
        Line("agent's telemetry per cycle (2 queries)", Baseline);
        Line("the same, grouped by COALESCE(model, '')", HarnessBaseline);
        Line("steady cycle: hours=24&group_by=model", Steady);
        Line("top of the hour: hours 2 and 1 x 3 groups", TopOfHour);
        Line($"day window: hours={AgentApiBenchmark.DayWindowHours}", DayWindow);
        Line($"month window: hours={AgentApiBenchmark.MonthWindowHours}", MonthWindow);
        Line("first start: whole history x 3 groups", FirstStart);
        Line("first top of the hour after the first start", FirstTop);
        Line("first start, its 3 requests at once", [FirstStartTogether]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"  of which the slowest answer",-44} {FirstStartSlowest.Ms(),10:0.00} ms"));
        if (ColdFirstStart is { } cold)
        {
            Line("first start, page cache emptied before it", [cold]);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  steady / baseline: {Wall(Steady) / Wall(Baseline):0.00} wall, {Cpu(Steady) / Cpu(Baseline):0.00} CPU; amortised per 60 s cycle ({WindowRequestsPerHour} x steady + top of the hour) / {CyclesPerHour}: {AmortisedWall:0.00} ms wall, {AmortisedCpu:0.00} ms CPU = {AmortisedWall / Wall(Baseline):0.00} / {AmortisedCpu / Cpu(Baseline):0.00} of the baseline"));
    }

    public static void PrintTables(IReadOnlyList<AgentApiResult> results, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Medians, wall / CPU in ms.");
        output.WriteLine();
        output.WriteLine("| agent | rows in usage_records | in the 24 h window | baseline: agent's telemetry per cycle | steady cycle (1 request) | steady / baseline | top of the hour (6 requests) | amortised per 60 s cycle | amortised / baseline |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Label} | {r.Rows.Total:N0} | {r.Rows.LastDay:N0} | {Pair(r.Baseline)} | {Pair(r.Steady)} | {Wall(r.Steady) / Wall(r.Baseline):0.00} / {Cpu(r.Steady) / Cpu(r.Baseline):0.00} | {Pair(r.TopOfHour)} | {r.AmortisedWall:0.0} / {r.AmortisedCpu:0.0} | **{r.AmortisedWall / Wall(r.Baseline):0.00} / {r.AmortisedCpu / Cpu(r.Baseline):0.00}** |"));
        }

        output.WriteLine();
        output.WriteLine($"| agent | first start (3 requests) | first top of the hour after it | both, in baseline cycles (CPU) | first start, page cache emptied | first start, 3 at once: slowest answer | day window (hours={AgentApiBenchmark.DayWindowHours}) | month window (hours={AgentApiBenchmark.MonthWindowHours}) |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Label} | {Seconds(r.FirstStart)} | {Seconds(r.FirstTop)} | {(Cpu(r.FirstStart) + Cpu(r.FirstTop)) / Cpu(r.Baseline):0} | {(r.ColdFirstStart is { } cold ? Seconds([cold]) : "—")} | {r.FirstStartSlowest.TotalSeconds:0.00} s | {Pair(r.DayWindow)} | {Pair(r.MonthWindow)} |"));
        }
    }

    private static string Pair(IReadOnlyList<Sample> samples) => string.Create(CultureInfo.InvariantCulture, $"{Wall(samples):0.0} / {Cpu(samples):0.0}");

    private static string Seconds(IReadOnlyList<Sample> samples) => Wall(samples) < 1000
        ? Pair(samples)
        : string.Create(CultureInfo.InvariantCulture, $"{Wall(samples) / 1000:0.00} s / {Cpu(samples) / 1000:0.00} s");

    private static double Wall(IReadOnlyList<Sample> samples) => Summary.Median(samples.Select(s => s.Wall.Ms()));

    private static double Cpu(IReadOnlyList<Sample> samples) => Summary.Median(samples.Select(s => s.Cpu.Ms()));

    private static double Kib(IReadOnlyList<Sample> samples) => Summary.Median(samples.Select(s => s.BytesRead / 1024.0));
}
