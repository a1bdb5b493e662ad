namespace Telemetry.Collection.Incremental;

/// <summary>Gives memory back to the system after a full read of a large window.</summary>
/// <remarks>
/// A full read of a busy agent's day (700,000 log rows) allocates a few hundred megabytes of short-lived strings.
/// The GC keeps the memory it committed for them, ready for more of the same, but the steady cycles that follow
/// allocate little: on a Raspberry Pi beside the agent that is memory held for hours for nothing. One compacting
/// collection in aggressive mode, which also decommits free memory, returns it (about 19 MB of resident memory at
/// that size, measured; see BENCHMARKS.md) for a few milliseconds, once per full read. Small reads skip it.
/// </remarks>
internal static class MemoryRelief
{
    /// <summary>Below this many rows read, the garbage fits in the GC's youngest generation anyway.</summary>
    public const long RowsWorthACollection = 50_000;

    public static void AfterFullRead(long rowsRead)
    {
        if (rowsRead >= RowsWorthACollection)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }
}
