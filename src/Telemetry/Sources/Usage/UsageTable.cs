using Telemetry.Sources.Tables;

namespace Telemetry.Sources.Usage;

/// <summary><c>usage_records</c> as the usage reader follows it: each row read goes to the 24-hour window and to the lifetime and calendar totals.</summary>
/// <remarks>
/// The table's key is a UUID text, so new rows are found by the implicit <c>rowid</c>, which SQLite gives each
/// insert as one more than the largest. A deleted last row lets SQLite hand its rowid out again, and VACUUM may
/// renumber rowids; both change the row found at the last rowid read, which makes the next read a full one. A full
/// read takes every row, for the lifetime totals; the window keeps those from its start on. The agent never deletes
/// usage rows; the audit counts the rows of the window and of the whole table and compares them with those held.
/// The SQL is <see cref="UsageColumns"/>'.
/// </remarks>
internal sealed class UsageTable(TimeZoneInfo zone) : IFollowedTable<UsageFigures>, IKeptTable
{
    private readonly UsageColumns _columns = new();
    private readonly UsageWindow _window = new();
    private readonly UsageTotals _totals = new(zone);
    private DateTimeOffset _now;

    /// <summary>The window's length; half-open <c>[now − 24 h, now)</c> as in the agent's own query.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromHours(24);

    public string Name => UsageColumns.Table;

    public string SchemaProbeSql => UsageColumns.SchemaProbeSql;

    public string LastKeySql => UsageColumns.LastKeySql;

    public string RowIdentitySql => UsageColumns.RowIdentitySql;

    public long Held => _window.Held;

    public async Task<long> ReadAllAsync(ReadTransaction transaction, long lastKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _now = now;
        await _columns.ProbeAsync(transaction, cancellationToken);
        return Read(_columns.All(transaction), Start(now), cancellationToken);
    }

    public Task<long> ReadAfterAsync(ReadTransaction transaction, long afterKey, long lastKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _now = now;
        return Task.FromResult(Read(_columns.After(transaction, afterKey), Start(now), cancellationToken));
    }

    public bool TryMoveTo(DateTimeOffset now)
    {
        _now = now;
        return true;
    }

    public async Task<bool> AuditAsync(ReadTransaction transaction, long lastKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A migration of the agent's that added the cache columns since the last full read (or a kept window) means
        // the rows held were counted without them.
        if (await _columns.ProbeAsync(transaction, cancellationToken))
        {
            return false;
        }

        var start = Start(now);
        _window.Slide(start, End(now));
        var (inWindow, inTable) = await UsageColumns.CountAsync(transaction, start, lastKey, cancellationToken);
        return inWindow == _window.Held && inTable == _totals.Rows;
    }

    public void Clear()
    {
        _window.Clear();
        _totals.Clear();
    }

    // Every row read is in the totals and, when recent, in the window: nothing is owed to a later read.
    public bool CanKeep => true;

    public void Write(BinaryWriter writer)
    {
        writer.Write(_columns.HasCacheColumns);
        _window.Write(writer);
        _totals.Write(writer);
    }

    public void Read(BinaryReader reader)
    {
        _columns.Use(reader.ReadBoolean());
        _window.Read(reader);
        _totals.Read(reader);
    }

    public UsageFigures Figures(long fileBytes) => new(_window.Slide(Start(_now), End(_now)), _totals.Figures(_now));

    private static UsageTimestamp Start(DateTimeOffset now) => UsageTimestamp.Bound(now - Window);

    private static UsageTimestamp End(DateTimeOffset now) => UsageTimestamp.Bound(now);

    private long Read(RawRows reader, UsageTimestamp start, CancellationToken cancellationToken)
    {
        using (reader)
        {
            long rows = 0;
            while (reader.Read())
            {
                if ((++rows & 0x3FFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var row = _columns.Row(reader);
                _totals.Add(row);
                if (row.Timestamp is { } timestamp && timestamp >= start)
                {
                    _window.Add(row.Model, new UsageWindow.UsageRow(timestamp, row.RowId, row.InputTokens, row.OutputTokens, row.CacheReadTokens, row.CacheWriteTokens, row.CostUsd));
                }
            }

            return rows;
        }
    }
}
