namespace Telemetry.Sources.Logs;

/// <summary>A sorted multiset of request latencies, so that percentiles need no sort per cycle.</summary>
/// <remarks>
/// A cycle changes the latencies of the few requests that got rows or lost them to the window's edge; each change
/// is a binary search and a shift of the list's tail, which for a day of requests is a few kilobytes.
/// </remarks>
internal sealed class SortedDurations
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    /// <summary>In ascending order, as <see cref="Percentile.Of"/> wants them.</summary>
    public IReadOnlyList<double> Values => _values;

    public void Add(double value)
    {
        var at = _values.BinarySearch(value);
        _values.Insert(at < 0 ? ~at : at, value);
    }

    public void Remove(double value)
    {
        var at = _values.BinarySearch(value);
        if (at < 0)
        {
            throw new InvalidOperationException($"latency {value} was never added");
        }

        _values.RemoveAt(at);
    }

    public void Clear() => _values.Clear();
}
