using System.Globalization;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>What Linux counts for another process, read from <c>/proc/PID</c>: CPU time and the parts of its resident memory.</summary>
/// <remarks>
/// CPU is <c>utime + stime</c> of <c>/proc/PID/stat</c>: every thread of the process, those that have exited included,
/// in clock ticks (10 ms with the usual USER_HZ of 100). One cycle's few milliseconds are therefore read as the mean
/// over many cycles, never from a single difference.
/// </remarks>
internal readonly record struct ProcStat(long CpuTicks, long Resident, long ResidentAnon, long ResidentFile, long PeakResident, int Threads)
{
    private static readonly Lazy<double> MsPerTick = new(() =>
        1000.0 / long.Parse(LocalProcess.RunAsync("getconf", "CLK_TCK").GetAwaiter().GetResult().Trim(), CultureInfo.InvariantCulture));

    public double CpuMs => CpuTicks * MsPerTick.Value;

    public static ProcStat Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long rss = 0, anon = 0, file = 0, hwm = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var value = line.AsSpan(colon + 1).Trim();
            var number = value.IndexOf(' ') is var space and > 0 ? value[..space] : value;
            switch (line[..colon])
            {
                case "VmRSS": rss = long.Parse(number, CultureInfo.InvariantCulture) * 1024; break;
                case "RssAnon": anon = long.Parse(number, CultureInfo.InvariantCulture) * 1024; break;
                case "RssFile": file = long.Parse(number, CultureInfo.InvariantCulture) * 1024; break;
                case "VmHWM": hwm = long.Parse(number, CultureInfo.InvariantCulture) * 1024; break;
                case "Threads": threads = int.Parse(number, CultureInfo.InvariantCulture); break;
            }
        }

        return new ProcStat(ticks, rss, anon, file, hwm, threads);
    }
}
