namespace Telemetry.Sources.Usage;

/// <summary>One model's rows of <see cref="UsageWindow"/>, in text-timestamp order (then rowid), and the sums of those in the window.</summary>
internal sealed class UsageModelRows
{
    private readonly List<UsageWindow.UsageRow> _rows = [];
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

    public void Insert(UsageWindow.UsageRow row)
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

    public void Write(BinaryWriter writer)
    {
        writer.Write(Held);
        for (var i = _head; i < _rows.Count; i++)
        {
            var row = _rows[i];
            writer.Write(row.Timestamp.Second);
            writer.Write(row.Timestamp.Odd is not null);
            writer.Write(row.Timestamp.Odd ?? "");
            writer.Write(row.RowId);
            writer.Write(row.InputTokens);
            writer.Write(row.OutputTokens);
            writer.Write(row.CacheReadTokens);
            writer.Write(row.CacheWriteTokens);
            writer.Write(row.CostUsd);
        }
    }

    public void Read(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        _rows.Capacity = count;
        for (var i = 0; i < count; i++)
        {
            var (second, odd, text) = (reader.ReadInt64(), reader.ReadBoolean(), reader.ReadString());
            var row = new UsageWindow.UsageRow(new UsageTimestamp(second, odd ? text : null), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble());
            if (_rows.Count > 0 && _rows[^1].CompareTo(row) > 0)
            {
                throw new InvalidDataException("kept usage rows are out of order");
            }

            _rows.Add(row);
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
