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
    private readonly Dictionary<string, UsageModelRows> _models = new(StringComparer.Ordinal);

    /// <summary>Rows held: those in the window and those stamped after it.</summary>
    public long Held => _models.Values.Sum(m => (long)m.Held);

    /// <summary>Adds a row whose timestamp is at or after the window start.</summary>
    public void Add(string model, UsageRow row)
    {
        if (!_models.TryGetValue(model, out var rows))
        {
            rows = new UsageModelRows();
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

    /// <summary>Writes the rows held, by model (for <see cref="Tables.KeptWindows"/>); the sums follow from them.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(_models.Count);
        foreach (var (model, rows) in _models)
        {
            writer.Write(model);
            rows.Write(writer);
        }
    }

    /// <summary>Replaces the rows held with what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">A model's rows are out of order.</exception>
    public void Read(BinaryReader reader)
    {
        Clear();
        for (var models = reader.ReadInt32(); models > 0; models--)
        {
            var rows = new UsageModelRows();
            _models.Add(reader.ReadString(), rows);
            rows.Read(reader);
        }
    }

    /// <summary>One <c>usage_records</c> row, as much of it as the sums need.</summary>
    internal readonly record struct UsageRow(
        UsageTimestamp Timestamp, long RowId, long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens, double CostUsd)
        : IComparable<UsageRow>
    {
        public int CompareTo(UsageRow other) => Timestamp.CompareTo(other.Timestamp) is var byTime and not 0 ? byTime : RowId.CompareTo(other.RowId);
    }
}
