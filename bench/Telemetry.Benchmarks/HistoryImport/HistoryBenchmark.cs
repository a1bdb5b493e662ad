using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Measurement;

namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>
/// The history import of a long usage history, measured in a process of its own (<see cref="HistoryChild"/>) against a
/// Core stand-in in this one (<see cref="CoreEndpoint"/>): what the import costs the add-on, and what it sends.
/// </summary>
internal static class HistoryBenchmark
{
    public const string ChildCommand = "history-pass";

    public static async Task<int> RunAsync(HistoryRunSettings settings, TextWriter output)
    {
        var layout = new AgentLayout(settings.Dir);
        var manifest = HistoryAgent.Ensure(layout, settings.Days, settings.CallsPerDay, settings.Seed, settings.End, output);
        await using var core = await CoreEndpoint.StartAsync();
        var reports = new List<HistoryChildReport>();
        var stubCpu = TimeSpan.Zero;
        foreach (var warmed in new[] { false, true })
        {
            await PageCacheAsync(layout, settings.ColdCache);
            var cpu = Environment.CpuUsage.TotalTime;
            reports.Add(await RunChildAsync(layout, core.Url, manifest, warmed ? 0 : settings.HourlyPasses, warmed, output));
            stubCpu += Environment.CpuUsage.TotalTime - cpu;
        }

        HistoryTable.Print(manifest, reports[0], reports[1], core, stubCpu, settings, output);
        return 0;
    }

    /// <summary>Puts thane.db into the page cache, or takes it out (GNU dd's <c>iflag=nocache count=0</c>: no root needed), as asked.</summary>
    private static async Task PageCacheAsync(AgentLayout layout, bool cold)
    {
        foreach (var file in new[] { layout.MainDb, layout.MainDb + "-wal" }.Where(File.Exists))
        {
            if (cold)
            {
                // Dirty pages cannot be dropped: written out first.
                await LocalProcess.RunAsync("sync", file);
                await LocalProcess.RunAsync("dd", $"if={file}", "iflag=nocache", "count=0", "status=none");
            }
            else
            {
                await using var stream = File.OpenRead(file);
                await stream.CopyToAsync(Stream.Null);
            }
        }
    }

    /// <summary>Starts this program again as <see cref="ChildCommand"/>, with the add-on's runtime settings, and reads its report.</summary>
    private static async Task<HistoryChildReport> RunChildAsync(AgentLayout layout, Uri core, HistoryManifest manifest, int hourlyPasses, bool warmed, TextWriter output)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(HistoryBenchmark).Assembly.Location);
        }

        string[] arguments =
        [
            ChildCommand, "--dir", layout.Root, "--core", core.ToString(), "--end", manifest.End.ToString("O", CultureInfo.InvariantCulture),
            "--days", manifest.Days.ToString(CultureInfo.InvariantCulture), "--hourly", hourlyPasses.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var argument in warmed ? [.. arguments, "--warmed"] : arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // As the add-on runs (src/Telemetry.Addon/Telemetry.Addon.csproj): concurrent GC kept, idle thread-pool workers not spinning.
        info.Environment["DOTNET_gcConcurrent"] = "1";
        info.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        output.WriteLine($"Measuring in a new process: {self} {string.Join(' ', info.ArgumentList)}");
        using var child = Process.Start(info) ?? throw new InvalidOperationException($"{self} did not start");
        var printed = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var marker = printed.LastIndexOf(HistoryChild.ReportMarker, StringComparison.Ordinal);
        return child.ExitCode == 0 && marker >= 0
            ? JsonSerializer.Deserialize(printed[(marker + HistoryChild.ReportMarker.Length)..], BenchJsonContext.Default.HistoryChildReport)!
            : throw new InvalidOperationException($"the measured process exited with {child.ExitCode}: {printed}");
    }
}
