namespace Telemetry.Sources.Usage;

/// <summary>The <c>usage_records</c> rows of the 24-hour window and those stamped after it, by model, with the window's sums.</summary>
/// <remarks>
/// <para>
/// Each model keeps its rows in text-timestamp order (then rowid). The window <c>[now − 24 h, now)</c> is a range of
/// that list: rows before it have left for good and are dropped, rows after it (stamped in the future) wait until
/// <c>now</c> passes them. Token sums are integers; the cost sum is a floating-point sum, which depends on the order
/// of its terms, so a model's cost is summed again over its range, in list order, whenever its range changed: the
/// full read and every later one therefore give the same bits for the same rows.
/// </para>
/// <para>Memory is one entry (about 56 bytes) per row of the window, plus the future rows.</para>
/// </remarks>
internal sealed class UsageWindow
{
    private readonly Dictionary<string, ModelRows> _models = new(StringComparer.Ordinal);

    /// <summary>Rows held: those in the window and those stamped after it.</summary>
    public long Held => _models.Values.Sum(m => (long)m.Held);

    /// <summary>Adds a row whose timestamp is at or after the window start.</summary>
    public void Add(string model, UsageRow row)
    {
        if (!_models.TryGetValue(model, out var rows))
        {
            rows = new ModelRows();
            _models.Add(model, rows);
        }

        rows.Insert(row);
    }

    /// <summary>Moves the window to <c>[start, end)</c> and returns the sums, by model ordered by cost then name.</summary>
    public UsageWindowFigures Slide(UsageTimestamp start, UsageTimestamp end)
    {
        var byModel = new List<ModelUsage>();
        long cacheRead = 0, cacheWrite = 0;
        foreach (var (model, rows) in _models)
        {
            rows.Slide(start, end);
            if (rows.InWindow > 0)
            {
                byModel.Add(new ModelUsage(model, rows.InputTokens, rows.OutputTokens, rows.CostUsd));
                cacheRead += rows.CacheReadTokens;
                cacheWrite += rows.CacheWriteTokens;
            }
        }

        foreach (var model in _models.Where(m => m.Value.Held == 0).Select(m => m.Key).ToList())
        {
            _models.Remove(model);
        }

        byModel.Sort((a, b) => b.CostUsd.CompareTo(a.CostUsd) is var byCost and not 0 ? byCost : string.CompareOrdinal(a.Model, b.Model));
        return new UsageWindowFigures(byModel.Sum(m => m.InputTokens), byModel.Sum(m => m.OutputTokens), byModel.Sum(m => m.CostUsd), byModel, cacheRead, cacheWrite);
    }

    public void Clear() => _models.Clear();

    /// <summary>One <c>usage_records</c> row, as much of it as the sums need.</summary>
    internal readonly record struct UsageRow(
        UsageTimestamp Timestamp, long RowId, long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens, double CostUsd)
        : IComparable<UsageRow>
    {
        public int CompareTo(UsageRow other) => Timestamp.CompareTo(other.Timestamp) is var byTime and not 0 ? byTime : RowId.CompareTo(other.RowId);
    }

    private sealed class ModelRows
    {
        private readonly List<UsageRow> _rows = [];
        private int _head;
        private int _end;
        private bool _changed = true;

        public int Held => _rows.Count - _head;

        public int InWindow => _end - _head;

        public long InputTokens { get; private set; }

        public long OutputTokens { get; private set; }

        public long CacheReadTokens { get; private set; }

        public long CacheWriteTokens { get; private set; }

        public double CostUsd { get; private set; }

        public void Insert(UsageRow row)
        {
            // Rows come in rowid order, which is nearly time order: search back from the end.
            var at = _rows.Count;
            while (at > _head && _rows[at - 1].CompareTo(row) > 0)
            {
                at--;
            }

            _rows.Insert(at, row);
            if (at < _end)
            {
                _end++;
                _changed = true;
            }
        }

        public void Slide(UsageTimestamp start, UsageTimestamp end)
        {
            var head = _head;
            while (head < _rows.Count && _rows[head].Timestamp < start)
            {
                head++;
            }

            var stop = Math.Max(head, _end);
            while (stop > head && _rows[stop - 1].Timestamp >= end)
            {
                stop--;
            }

            while (stop < _rows.Count && _rows[stop].Timestamp < end)
            {
                stop++;
            }

            if (head != _head || stop != _end || _changed)
            {
                _head = head;
                _end = stop;
                Sum();
            }

            if (_head > 256 && _head * 2 > _rows.Count)
            {
                _rows.RemoveRange(0, _head);
                _end -= _head;
                _head = 0;
            }
        }

        private void Sum()
        {
            long input = 0, output = 0, cacheRead = 0, cacheWrite = 0;
            double cost = 0, compensation = 0;
            for (var i = _head; i < _end; i++)
            {
                var row = _rows[i];
                input += row.InputTokens;
                output += row.OutputTokens;
                cacheRead += row.CacheReadTokens;
                cacheWrite += row.CacheWriteTokens;

                // Neumaier's compensated sum, as SQLite's SUM() has used since 3.43: the same order gives the same bits.
                var sum = cost + row.CostUsd;
                compensation += Math.Abs(cost) >= Math.Abs(row.CostUsd) ? (cost - sum) + row.CostUsd : (row.CostUsd - sum) + cost;
                cost = sum;
            }

            InputTokens = input;
            OutputTokens = output;
            CacheReadTokens = cacheRead;
            CacheWriteTokens = cacheWrite;
            CostUsd = cost + compensation;
            _changed = false;
        }
    }
}
