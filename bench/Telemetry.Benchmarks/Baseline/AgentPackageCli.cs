using System.Globalization;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Measurement;
using Telemetry.Sources;

namespace Telemetry.Benchmarks.Baseline;

/// <summary>
/// The agent package's queries of one cycle (<see cref="AgentPackageBaseline"/>'s SQL, same bounds), run by the
/// <c>sqlite3</c> command-line shell, one process per database file as a separate program would, start-up included.
/// </summary>
/// <remarks>
/// The whole-process benchmark measures the add-on from outside, as CPU time of its process; this is the same kind of
/// figure for the package's queries: the CPU time of the <c>sqlite3</c> processes (user + system, from bash's
/// <c>times</c> for its children), rows printed to <c>/dev/null</c> where the package would parse them.
/// </remarks>
internal sealed class AgentPackageCli(AgentLayout layout)
{
    /// <summary>CPU time of one cycle of the package's queries at <paramref name="now"/>.</summary>
    public async Task<TimeSpan> MeasureAsync(DateTimeOffset now)
    {
        var start = Timestamps.FormatRfc3339Seconds(now - TimeSpan.FromHours(24));
        var end = Timestamps.FormatRfc3339Seconds(now);
        var bounds = $".parameter set $start '{start}'\n.parameter set $end '{end}'\n";
        var scripts = new (string Database, string Sql)[]
        {
            (layout.MainDb, bounds + string.Join(";\n", AgentPackageBaseline.SummarySql, AgentPackageBaseline.ByModelSql, AgentPackageBaseline.ActiveSessionsSql) + ";\n"),
            (layout.LogsDb, bounds + string.Join(";\n", AgentPackageBaseline.RequestCountSql, AgentPackageBaseline.ErrorCountSql, AgentPackageBaseline.LatencySql) + ";\n"),
            (layout.AttachmentsDb, AgentPackageBaseline.AttachmentsSql + ";\n"),
        };

        var folder = Directory.CreateTempSubdirectory("thane-bench-cli-").FullName;
        try
        {
            var commands = new List<string>();
            for (var i = 0; i < scripts.Length; i++)
            {
                var script = Path.Combine(folder, $"{i}.sql");
                await File.WriteAllTextAsync(script, scripts[i].Sql);
                commands.Add($"sqlite3 -readonly -batch '{scripts[i].Database}' < '{script}' > /dev/null || exit 1");
            }

            // The second line of `times` is the children's user and system time, e.g. "0m1.234s 0m0.056s".
            var printed = await LocalProcess.RunAsync("bash", "-c", string.Join("\n", commands) + "\ntimes");
            var children = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Split(' ');
            return Parse(children[0]) + Parse(children[1]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static TimeSpan Parse(string minutesSeconds)
    {
        var m = minutesSeconds.IndexOf('m', StringComparison.Ordinal);
        return TimeSpan.FromMinutes(int.Parse(minutesSeconds[..m], CultureInfo.InvariantCulture))
            + TimeSpan.FromSeconds(double.Parse(minutesSeconds[(m + 1)..].TrimEnd('s'), CultureInfo.InvariantCulture));
    }
}
