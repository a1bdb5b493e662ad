using Telemetry.Sources.Tables;

namespace Telemetry.Hosting;

/// <summary>Gives memory the GC holds but does not use back to the system: after a large full read, and after each audit.</summary>
/// <remarks>
/// <para>
/// A full read of a busy agent's day (700,000 log rows) allocates a few hundred megabytes of short-lived strings.
/// The GC keeps the memory it committed for them, ready for more of the same, but the steady cycles that follow
/// allocate little: on a Raspberry Pi beside the agent that is memory held for hours for nothing. One compacting
/// collection in aggressive mode, which also decommits free memory, returns it (about 19 MB of resident memory at
/// that size, measured; see BENCHMARKS.md) for a few milliseconds, once per full read. Small reads skip it.
/// </para>
/// <para>
/// Steady cycles still leave garbage (the rows read, the publisher's payloads) that the GC, idle most of the time,
/// collects late and keeps room for: the process's resident memory crept up by 25 MB over 100 cycles at 5 million
/// rows. The same collection after each audit (every 15 minutes, when the heap holds the window and little else)
/// caps that creep.
/// </para>
/// </remarks>
internal static class MemoryRelief
{
    /// <summary>Below this many rows read, the garbage fits in the GC's youngest generation anyway.</summary>
    public const long RowsWorthACollection = 50_000;

    /// <summary>Called by the cycle once its sources are read: at most one collection per cycle.</summary>
    /// <returns>Whether a collection ran.</returns>
    public static bool AfterCollection(IEnumerable<ReadMode> tableReads)
    {
        if (!tableReads.Any(IsWorthACollection))
        {
            return false;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return true;
    }

    // A full read of many rows left its garbage; an audit comes when the heap holds the window and little else,
    // but a small window is not worth a collection.
    private static bool IsWorthACollection(ReadMode read) =>
        (read.IsFull && read.RowsRead >= RowsWorthACollection) || (read.Audited && read.Held >= RowsWorthACollection / 10);
}
