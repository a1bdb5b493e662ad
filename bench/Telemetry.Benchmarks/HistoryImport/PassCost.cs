namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>What one measured step cost the process that ran it.</summary>
/// <param name="CpuMs">User and system time of every thread of the process over the step (getrusage, not clock ticks).</param>
/// <param name="AllocatedBytes">Bytes the managed heap handed out over the step, all threads.</param>
/// <param name="PeakResident">VmHWM after the step, the high-water mark having been reset to the resident size at its start (when <paramref name="PeakIsStep"/>).</param>
/// <param name="HeapAfter">Managed heap right after the step, before any collection it did not do itself.</param>
/// <param name="ReadBytes">Bytes read through read(2) and pread(2) (<c>rchar</c>): the database pages SQLite read, page cache hits included.</param>
/// <param name="WrittenBytes">Bytes written (<c>wchar</c>): SQLite's temporary files, and the websocket's sends.</param>
/// <param name="Result">What the step produced: hours sent for a pass, hour-and-model rows for the SQL.</param>
internal sealed record PassCost(
    string Label, double CpuMs, double UserMs, double SystemMs, double WallMs, long AllocatedBytes,
    long ResidentBefore, long PeakResident, long ResidentAfter, bool PeakIsStep, long HeapAfter, long ReadBytes, long WrittenBytes, long Result);
