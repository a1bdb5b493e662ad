using Microsoft.Data.Sqlite;
using Telemetry.Sources.Tables;

namespace Telemetry.Sources.Usage;

/// <summary><c>usage_records</c> as the usage source follows it: its SQL, the 24-hour window and the lifetime totals it keeps up to date.</summary>
/// <remarks>
/// The table's key is a UUID text, so new rows are found by the implicit <c>rowid</c>, which SQLite gives each
/// insert as one more than the largest. A deleted last row lets SQLite hand its rowid out again, and VACUUM may
/// renumber rowids; both change the row found at the last rowid read, which makes the next read a full one. A full
/// read takes every row, for the lifetime totals; the window keeps those from its start on. The agent never deletes
/// usage rows; the audit counts the rows of the window and of the whole table and compares them with those held.
/// </remarks>
internal sealed class UsageTable(TimeZoneInfo zone) : IFollowedTable<UsageStats>
{
    // Rows whose timestamp is not text never satisfy "timestamp >= start" in a window (a blob sorts after any text,
    // a number before it, and the column has TEXT affinity): such a timestamp is read as NULL, out of every window.
    // The cache columns came with a later migration of the agent: an older usage.db has none, so none were counted.
    private const string LeadingColumns = """
        rowid, CASE WHEN typeof(timestamp) = 'text' THEN timestamp END, COALESCE(model, ''), COALESCE(provider, ''), COALESCE(role, ''),
        input_tokens, output_tokens
        """;

    private const string CacheColumns = "cache_read_input_tokens, cache_creation_input_tokens";

    private const string NoCacheColumns = "0, 0";

    private const string HasCacheColumnsSql = """
        SELECT COUNT(*) FROM pragma_table_info('usage_records') WHERE name IN ('cache_read_input_tokens', 'cache_creation_input_tokens')
        """;

    private const string WindowCountSql = """
        SELECT COUNT(*) FROM usage_records WHERE timestamp >= $start AND typeof(timestamp) = 'text' AND rowid <= $last
        """;

    private const string TableCountSql = "SELECT COUNT(*) FROM usage_records";

    private readonly UsageWindow _window = new();
    private readonly UsageTotals _totals = new(zone);
    private DateTimeOffset _now;
    private string _columns = Select(NoCacheColumns);

    /// <summary>The window's length; half-open <c>[now − 24 h, now)</c> as in the agent's own query.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromHours(24);

    public string Name => "usage_records";

    public string SchemaProbeSql => "SELECT rowid, id, timestamp, model, provider, role, input_tokens, output_tokens, cost_usd FROM usage_records LIMIT 0";

    public string LastKeySql => "SELECT MAX(rowid) FROM usage_records";

    public string RowIdentitySql => "SELECT quote(id) || quote(timestamp) FROM usage_records WHERE rowid = $key";

    public long Held => _window.Held;

    public async Task<long> ReadAllAsync(ReadSnapshot snapshot, long lastKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _now = now;
        var cacheColumns = await snapshot.ScalarAsync(HasCacheColumnsSql, cancellationToken) == 2 ? CacheColumns : NoCacheColumns;
        _columns = Select(cacheColumns);
        return await ReadAsync(snapshot.Command($"SELECT {_columns} FROM usage_records"), Start(now), cancellationToken);
    }

    public Task<long> ReadAfterAsync(ReadSnapshot snapshot, long afterKey, long lastKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _now = now;
        return ReadAsync(snapshot.Command($"SELECT {_columns} FROM usage_records WHERE rowid > $after ORDER BY rowid", ("$after", afterKey)), Start(now), cancellationToken);
    }

    public bool TryMoveTo(DateTimeOffset now)
    {
        _now = now;
        return true;
    }

    public async Task<bool> AuditAsync(ReadSnapshot snapshot, long lastKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var start = Start(now);
        _window.Slide(start, End(now));
        var inWindow = await snapshot.ScalarAsync(WindowCountSql, cancellationToken, ("$start", start.Text), ("$last", lastKey));
        var inTable = await snapshot.ScalarAsync(TableCountSql, cancellationToken);
        return inWindow == _window.Held && inTable == _totals.Rows;
    }

    public void Clear()
    {
        _window.Clear();
        _totals.Clear();
    }

    public UsageStats Figures(long fileBytes) => _window.Slide(Start(_now), End(_now)) with { Totals = _totals.Figures(_now) };

    private static string Select(string cacheColumns) => $"{LeadingColumns}, {cacheColumns}, cost_usd";

    private static UsageTimestamp Start(DateTimeOffset now) => UsageTimestamp.Bound(now - Window);

    private static UsageTimestamp End(DateTimeOffset now) => UsageTimestamp.Bound(now);

    private async Task<long> ReadAsync(SqliteCommand command, UsageTimestamp start, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            long rows = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
                var row = new UsageRecord(
                    reader.GetInt64(0),
                    reader.IsDBNull(1) ? null : UsageTimestamp.Of(reader.GetString(1)),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    Integer(reader, 5),
                    Integer(reader, 6),
                    Integer(reader, 7),
                    Integer(reader, 8),
                    reader.IsDBNull(9) ? 0 : reader.GetDouble(9));
                _totals.Add(row);
                if (row.Timestamp is { } timestamp && timestamp >= start)
                {
                    _window.Add(row.Model, new UsageWindow.UsageRow(timestamp, row.RowId, row.InputTokens, row.OutputTokens, row.CacheReadTokens, row.CacheWriteTokens, row.CostUsd));
                }
            }

            return rows;
        }
    }

    private static long Integer(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetInt64(ordinal);
}
