namespace Telemetry.Sources.Tables;

/// <summary>Gives memory the GC holds but no longer uses back to the system, after a read that grew the heap for nothing that stays.</summary>
/// <remarks>
/// <para>
/// The first read of a busy agent's day builds the window (one summary per request, sorted latencies) through
/// lists that grow by doubling, and the GC keeps the memory it committed for that growth, ready for more of the
/// same; the steady cycles that follow allocate little, so on a Raspberry Pi beside the agent it would stay held for
/// hours. One compacting collection in aggressive mode, which also decommits free memory, returns it, once per such
/// read, for a few milliseconds. Steady cycles leave some garbage too (the rows read, the payloads), which an idle GC
/// collects late and keeps room for; the same collection after each audit (every 15 minutes, when the heap holds the
/// window and little else) bounds that creep. What each collection returns is measured in BENCHMARKS.md §6.
/// </para>
/// <para>Small reads skip it: their garbage fits in the GC's youngest generation anyway.</para>
/// </remarks>
internal sealed class MemoryRelief
{
    /// <summary>Below this many rows read, or a tenth of it held at an audit, a collection is not worth its pause.</summary>
    public const long RowsWorthACollection = 50_000;

    /// <summary>Allocation after which the heap is collected at the end of a cycle (more for a large heap, see <see cref="BoundYoungGeneration"/>).</summary>
    public const long YoungBudget = 1 << 20;

    private volatile bool _due;
    private long _allocatedAtCollection;
    private int _youngCollections = -1;

    /// <summary>A followed table was read (from any source's thread).</summary>
    public void Note(TableRead read)
    {
        if ((read.IsFull && read.RowsRead >= RowsWorthACollection) || (read.Audited && read.Held >= RowsWorthACollection / 10))
        {
            _due = true;
        }
    }

    /// <summary>Work outside the cycle (the history import's first pass) grew the heap: collect after the next cycle.</summary>
    public void AfterLargeWork() => _due = true;

    /// <summary>Called once every source of a cycle is read: at most one collection per cycle.</summary>
    /// <returns>Whether a full collection ran.</returns>
    public bool AfterCollection()
    {
        if (!_due)
        {
            BoundYoungGeneration();
            return false;
        }

        _due = false;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _allocatedAtCollection = GC.GetTotalAllocatedBytes();
        return true;
    }

    /// <summary>
    /// A steady cycle allocates 100-200 KB, and the GC's youngest generation (up to 6 MB here, its budget) is collected
    /// only when full: until then each cycle touches fresh pages of it, and the resident memory rose by about 0.15 MB a
    /// cycle for as long as the process ran (BENCHMARKS.md §6, where <c>smaps</c> shows the growth in the GC's gen0
    /// region). Collecting once <see cref="YoungBudget"/> (or an eighth of the heap) has been allocated keeps the same
    /// pages in use.
    /// </summary>
    private void BoundYoungGeneration()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var collections = GC.CollectionCount(0);
        if (collections != _youngCollections)
        {
            // The runtime collected by itself since: count from here.
            (_youngCollections, _allocatedAtCollection) = (collections, allocated);
            return;
        }

        // Collected whole, in the mode that also gives free pages back: a young collection alone left the GC a fresh
        // region each time, a few MB more resident. The budget grows with the heap, so that the collection's cost (about
        // a millisecond per 2 MB held) stays near a tenth of a millisecond a cycle.
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        if (allocated - _allocatedAtCollection >= Math.Max(YoungBudget, heap / 8))
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            (_youngCollections, _allocatedAtCollection) = (GC.CollectionCount(0), allocated);
        }
    }
}
