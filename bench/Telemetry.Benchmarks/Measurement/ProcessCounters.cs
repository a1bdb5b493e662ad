using System.Diagnostics;
using System.Globalization;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>What Linux counts for a process: bytes read through read(2) and pread(2), and resident memory.</summary>
/// <remarks>
/// <c>rchar</c> in <c>/proc/PID/io</c> counts every byte a process asked the kernel for, page cache hits included:
/// SQLite reads its pages with pread(2), so for a process that only queries SQLite it is the bytes of database pages read.
/// </remarks>
internal static class ProcessCounters
{
    public static long BytesRead(int? pid = null) => Field(pid, "io", "rchar:");

    /// <summary>Bytes written through write(2) and pwrite(2): for a process that only reads SQLite, the sorter's temporary files.</summary>
    public static long BytesWritten(int? pid = null) => Field(pid, "io", "wchar:");

    /// <summary>Resident set size now, in bytes.</summary>
    public static long Resident(int? pid = null) => Field(pid, "status", "VmRSS:") * 1024;

    /// <summary>The highest resident set size so far, in bytes.</summary>
    public static long PeakResident(int? pid = null) => Field(pid, "status", "VmHWM:") * 1024;

    public static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private static long Field(int? pid, string file, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{(pid is { } id ? id.ToString(CultureInfo.InvariantCulture) : "self")}/{file}"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(name.Length).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no {name} in /proc/{pid}/{file}");
    }
}
