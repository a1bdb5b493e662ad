using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Measurement;
using Telemetry.History;
using Telemetry.Options;

namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>
/// A measured process, started by <see cref="HistoryBenchmark"/>: the product's import against the Core stand-in in the
/// harness process, so that this process's CPU and memory are the import's alone.
/// </summary>
/// <remarks>
/// Two kinds. <em>Fresh</em>: the first pass over the whole history (an empty Home Assistant, no memory of models), the
/// hourly passes with the clock one hour on each time, then the hourly SQL on its own and its floors. This is a JIT
/// process, so that first pass also compiles its code, which the NativeAOT add-on does not. <em>Warmed</em>: a pass
/// over the history's first two days compiles the same code paths, then the first pass over the whole history with a
/// new importer: nearer to what the add-on spends, and its memory without the compiler's; then the first pass of a
/// restarted add-on, Home Assistant holding everything already.
/// </remarks>
internal static class HistoryChild
{
    public const string DeviceName = "Thane";

    /// <summary>The line before the report's JSON on standard output (indented, as the harness's JSON is).</summary>
    public const string ReportMarker = "--- history report ---";

    private static readonly HistoryImportSettings Settings = new() { PauseBetweenChunks = TimeSpan.Zero };

    public static async Task<int> RunAsync(AgentLayout layout, Uri core, DateTimeOffset end, int days, int hourlyPasses, bool warmed, TextWriter output)
    {
        var residentAtStart = ProcStat.Read(Environment.ProcessId).Resident;
        var state = Directory.CreateTempSubdirectory("thane-bench-history-state-").FullName;
        try
        {
            var options = new TelemetryOptions
            {
                ThaneDir = layout.Root, DeviceName = DeviceName, DiscoveryPrefix = "homeassistant", Interval = TimeSpan.FromSeconds(60), LogLevel = LogLevel.Information,
            };
            var paths = AgentPaths.From(options);
            var steps = new List<PassCost>();
            if (warmed)
            {
                var early = Importer(paths, options, new FakeTimeProvider(end.AddDays(2 - days) + Settings.AfterTheHour), Path.Combine(state, "warm-up"));
                steps.Add(await PassProbe.MeasureAsync("warm-up", () => PassAsync(early, core, "warm-up")));
            }

            // The service's pass comes a little after the top of the hour; the history ends on one.
            var clock = new FakeTimeProvider(end + Settings.AfterTheHour);
            var first = warmed ? "first-warmed" : "first";
            var importer = Importer(paths, options, clock, Path.Combine(state, first));
            steps.Add(await PassProbe.MeasureAsync(first, () => PassAsync(importer, core, first)));

            // The pass's last awaits resumed one another on one thread, whose frames hold the pass's rows until they
            // return; the service then waits for the next hour, and so does this, briefly, before the heap is weighed.
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            var heapRetained = GC.GetTotalMemory(forceFullCollection: true);
            var committedRetained = GC.GetGCMemoryInfo().TotalCommittedBytes;
            var residentRetained = ProcStat.Read(Environment.ProcessId).Resident;
            if (warmed)
            {
                // The add-on started again, Home Assistant holding everything: the same models remembered, so it asks where to resume.
                var restarted = Importer(paths, options, new FakeTimeProvider(end + Settings.AfterTheHour), Path.Combine(state, first));
                var restart = CoreEndpoint.HoldsAllPrefix + "-warmed";
                steps.Add(await PassProbe.MeasureAsync(restart, () => PassAsync(restarted, core, restart)));
            }

            for (var hour = 1; hour <= hourlyPasses; hour++)
            {
                clock.Advance(TimeSpan.FromHours(1));
                var label = $"hourly-{hour}";
                steps.Add(await PassProbe.MeasureAsync(label, () => PassAsync(importer, core, label)));
            }

            if (!warmed)
            {
                for (var run = 1; run <= 3; run++)
                {
                    steps.Add(await PassProbe.MeasureAsync($"sql-{run}", async () => (await HourlyUsageSql.ReadAsync(paths, DateTimeOffset.MinValue, end, CancellationToken.None)).Count));
                }

                steps.Add(await PassProbe.MeasureAsync("sum", () => SqlFloors.SumAsync(paths, end, CancellationToken.None)));
                steps.Add(await PassProbe.MeasureAsync("by-day", () => SqlFloors.ByDayAsync(paths, end.AddDays(-days), end, CancellationToken.None)));
            }

            var statistics = HistoryStatistics.For(DeviceName, importer.Memory.Load().Models).Count;
            var runtime = $"{RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {GCSettings.LatencyMode}";
            output.WriteLine(ReportMarker);
            output.WriteLine(JsonSerializer.Serialize(
                new HistoryChildReport(steps, residentAtStart, heapRetained, committedRetained, residentRetained, statistics, runtime), BenchJsonContext.Default.HistoryChildReport));
            return 0;
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static MeasuredImporter Importer(AgentPaths paths, TelemetryOptions options, TimeProvider clock, string stateDir)
    {
        var state = new HistoryImportState();
        var memory = new HistoryMemory(Path.Combine(stateDir, HistoryMemory.FileName), NullLogger<HistoryMemory>.Instance);
        return new MeasuredImporter(new HistoryImporter(paths, options, memory, state, Settings, clock, NullLogger<HistoryImporter>.Instance), state, memory);
    }

    /// <summary>One pass as the service runs it: its own connection, authenticated, then the import; the hours of history covered.</summary>
    private static async Task<long> PassAsync(MeasuredImporter importer, Uri core, string pass)
    {
        await using var socket = await CoreSocket.ConnectAsync(CoreEndpoint.ForPass(core, pass), "bench-token", Settings.CallTimeout, TimeProvider.System, CancellationToken.None);
        await importer.Importer.PassAsync(socket, CancellationToken.None);
        var status = importer.State.Status;
        return status.State == HistoryImportStatus.UpToDate ? status.HoursTotal : throw new InvalidOperationException($"the pass ended {status}");
    }
}
