using System.Diagnostics;
using Telemetry.Benchmarks.Measurement;

namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>Measures one step in this process: CPU (user and system), wall time, managed allocation, and resident memory around it.</summary>
internal static class PassProbe
{
    public static async Task<PassCost> MeasureAsync(string label, Func<Task<long>> step)
    {
        var peakIsStep = ResetPeak();
        var before = ProcStat.Read(Environment.ProcessId);
        var cpu = Environment.CpuUsage;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var (read, written) = (ProcessCounters.BytesRead(), ProcessCounters.BytesWritten());
        var watch = Stopwatch.StartNew();
        var result = await step();
        watch.Stop();
        var cpuAfter = Environment.CpuUsage;
        var allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        var after = ProcStat.Read(Environment.ProcessId);
        var (readAfter, writtenAfter) = (ProcessCounters.BytesRead(), ProcessCounters.BytesWritten());
        return new PassCost(
            label, (cpuAfter.TotalTime - cpu.TotalTime).TotalMilliseconds, (cpuAfter.UserTime - cpu.UserTime).TotalMilliseconds,
            (cpuAfter.PrivilegedTime - cpu.PrivilegedTime).TotalMilliseconds, watch.Elapsed.TotalMilliseconds, allocatedAfter - allocated,
            before.Resident, after.PeakResident, after.Resident, peakIsStep, heap, readAfter - read, writtenAfter - written, result);
    }

    /// <summary>Sets VmHWM back to the resident size now (Linux 4.0 and later), so that the next reading is the step's own peak.</summary>
    private static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
