using System.Globalization;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>The cycle measurements of one scale, and their rows in the report's tables.</summary>
internal sealed record CycleResult(string Scale, long LogRows, Runs Cold, Runs Steady, Runs Audits, double RowsWrittenPerCycle)
{
    private static double Wall(IEnumerable<Sample> samples) => Summary.Median(samples.Select(s => s.Wall.Ms()));

    private static double Cpu(IEnumerable<Sample> samples) => Summary.Median(samples.Select(s => s.Cpu.Ms()));

    private static double Kb(IEnumerable<Sample> samples) => Summary.Median(samples.Select(s => s.BytesRead / 1024.0));

    public void Print(TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold ({Cold.Ours.Count} runs): collector {Wall(Cold.Ours):0.0} ms vs package {Wall(Cold.Baseline):0.0} ms; logs+usage {Wall(Cold.OursPart):0.0} ms vs {Wall(Cold.BaselinePart):0.0} ms; CPU: collector {Cpu(Cold.Ours):0} ms vs package {Cpu(Cold.Baseline):0} ms, logs+usage {Cpu(Cold.OursPart):0} ms vs {Cpu(Cold.BaselinePart):0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"steady ({Steady.Ours.Count} cycles, {RowsWrittenPerCycle:0} rows written per cycle): collector {Wall(Steady.Ours):0.00} ms (max {Summary.Max(Steady.Ours.Select(s => s.Wall.Ms())):0.00}) vs package {Wall(Steady.Baseline):0.0} ms; logs+usage {Wall(Steady.OursPart):0.00} ms vs {Wall(Steady.BaselinePart):0.0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"audit cycles ({Audits.Ours.Count}): collector {Wall(Audits.Ours):0.00} ms; logs+usage {Wall(Audits.OursPart):0.00} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bytes read per steady cycle: collector {Kb(Steady.Ours):0} KiB, logs+usage {Kb(Steady.OursPart):0} KiB vs package {Kb(Steady.Baseline):0} KiB, tokens+requests {Kb(Steady.BaselinePart):0} KiB"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU per steady cycle: collector {Cpu(Steady.Ours):0.0} ms vs package {Cpu(Steady.Baseline):0.0} ms"));
    }

    public static void PrintTables(IReadOnlyList<CycleResult> results, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| scale | log rows | first cycle: add-on | package | add-on / package | logs+usage: add-on | package | add-on / package |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scale} | {r.LogRows:N0} | {Wall(r.Cold.Ours):0} ms | {Wall(r.Cold.Baseline):0} ms | {Wall(r.Cold.Ours) / Wall(r.Cold.Baseline):0.00} | {Wall(r.Cold.OursPart):0} ms | {Wall(r.Cold.BaselinePart):0} ms | {Wall(r.Cold.OursPart) / Wall(r.Cold.BaselinePart):0.00} |"));
        }

        output.WriteLine();
        output.WriteLine("| scale | rows written / cycle | steady: add-on | package | package / add-on | logs+usage: add-on | package | package / add-on | audit cycle (every 15) | mean incl. audits: package / add-on |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var all = r.Steady.Ours.Concat(r.Audits.Ours).Select(s => s.Wall.Ms()).ToList();
            var allBaseline = r.Steady.Baseline.Concat(r.Audits.Baseline).Select(s => s.Wall.Ms()).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scale} | {r.RowsWrittenPerCycle:0} | {Wall(r.Steady.Ours):0.00} ms | {Wall(r.Steady.Baseline):0.0} ms | **{Wall(r.Steady.Baseline) / Wall(r.Steady.Ours):0}×** | {Wall(r.Steady.OursPart):0.00} ms | {Wall(r.Steady.BaselinePart):0.0} ms | **{Wall(r.Steady.BaselinePart) / Wall(r.Steady.OursPart):0}×** | {Wall(r.Audits.Ours):0.0} ms | {Summary.Mean(allBaseline) / Summary.Mean(all):0}× |"));
        }

        output.WriteLine();
        output.WriteLine("| scale | bytes read / steady cycle: add-on | package | logs+usage: add-on | package | CPU / steady cycle: add-on | package |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scale} | {Kb(r.Steady.Ours):0} KiB | {Kb(r.Steady.Baseline):0} KiB | {Kb(r.Steady.OursPart):0} KiB | {Kb(r.Steady.BaselinePart):0} KiB | {Cpu(r.Steady.Ours):0.0} ms | {Cpu(r.Steady.Baseline):0.0} ms |"));
        }
    }
}
