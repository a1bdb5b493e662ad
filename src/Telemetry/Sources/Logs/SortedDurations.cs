namespace Telemetry.Sources.Logs;

/// <summary>A sorted multiset of request latencies, so that percentiles need no sort per cycle.</summary>
/// <remarks>
/// Additions and removals are noted and merged into the sorted list when <see cref="Values"/> is next read, in one
/// pass: sorting the few changes of a steady cycle and walking the list once costs well under a millisecond for a
/// day of requests. Inserting each change where it belongs instead shifted the list's tail every time, and a full
/// read of a busy agent (148,000 requests, each latency changing with every row) spent half its time in those shifts
/// (BENCHMARKS.md, "Cold start"). The merged list goes into a second buffer kept for the next merge, so a steady
/// cycle allocates nothing here.
/// </remarks>
internal sealed class SortedDurations
{
    private readonly List<double> _added = [];
    private readonly List<double> _removed = [];
    private List<double> _values = [];
    private List<double> _spare = [];

    public int Count => _values.Count + _added.Count - _removed.Count;

    /// <summary>In ascending order, as <see cref="Percentile.Of"/> wants them.</summary>
    public IReadOnlyList<double> Values
    {
        get
        {
            Merge();
            return _values;
        }
    }

    public void Add(double value) => _added.Add(value);

    /// <summary>Removes one occurrence of a value added before (now or in an earlier cycle).</summary>
    public void Remove(double value) => _removed.Add(value);

    /// <summary>After a large read: merges, and gives back the room the change lists grew to.</summary>
    public void TrimExcess()
    {
        Merge();
        _added.TrimExcess();
        _removed.TrimExcess();
        _spare.TrimExcess();
    }

    public void Clear()
    {
        _values.Clear();
        _spare.Clear();
        _added.Clear();
        _removed.Clear();
    }

    private void Merge()
    {
        if (_added.Count == 0 && _removed.Count == 0)
        {
            return;
        }

        _added.Sort();
        _removed.Sort();
        var merged = _spare;
        merged.Clear();
        merged.EnsureCapacity(Count);
        int kept = 0, added = 0, removed = 0;
        while (kept < _values.Count || added < _added.Count)
        {
            var next = added == _added.Count || (kept < _values.Count && _values[kept] <= _added[added]) ? _values[kept++] : _added[added++];
            if (removed < _removed.Count && _removed[removed] < next)
            {
                break;
            }

            if (removed < _removed.Count && _removed[removed] == next)
            {
                removed++;
                continue;
            }

            merged.Add(next);
        }

        if (removed < _removed.Count)
        {
            throw new InvalidOperationException($"latency {_removed[removed]} was never added");
        }

        _spare = _values;
        _values = merged;
        _added.Clear();
        _removed.Clear();
    }
}
