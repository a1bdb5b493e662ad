using Microsoft.Data.Sqlite;
using Telemetry.Sources.Tables;

namespace Telemetry.Sources.Usage;

/// <summary><c>usage_records</c> as the usage source follows it: its SQL, and the window's sums it keeps up to date.</summary>
/// <remarks>
/// The table's key is a UUID text, so new rows are found by the implicit <c>rowid</c>, which SQLite gives each
/// insert as one more than the largest. A deleted last row lets SQLite hand its rowid out again, and VACUUM may
/// renumber rowids; both change the row found at the last rowid read, which makes the next read a full one. The
/// agent never deletes usage rows; the audit counts the rows from the window start on the timestamp index and
/// compares them with the rows held.
/// </remarks>
internal sealed class UsageTable : IFollowedTable<UsageStats>
{
    // Rows whose timestamp is not text never satisfy "timestamp < end" in SQLite (a blob sorts after any text, a
    // number before it, and the column has TEXT affinity), so they are never in a window: leaving them out here
    // keeps the held rows and the audit's count the same set.
    private const string FromStartSql = """
        SELECT rowid, timestamp, COALESCE(model, ''), input_tokens, output_tokens, cost_usd
        FROM usage_records
        WHERE timestamp >= $start AND typeof(timestamp) = 'text'
        """;

    private const string AfterSql = """
        SELECT rowid, timestamp, COALESCE(model, ''), input_tokens, output_tokens, cost_usd
        FROM usage_records
        WHERE rowid > $after AND typeof(timestamp) = 'text'
        ORDER BY rowid
        """;

    private const string HeldCountSql = """
        SELECT COUNT(*) FROM usage_records WHERE timestamp >= $start AND typeof(timestamp) = 'text' AND rowid <= $last
        """;

    private readonly UsageWindow _window = new();
    private DateTimeOffset _now;

    /// <summary>The window's length; half-open <c>[now − 24 h, now)</c> as in the agent's own query.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromHours(24);

    public string Name => "usage_records";

    public string SchemaProbeSql => "SELECT rowid, id, timestamp, model, input_tokens, output_tokens, cost_usd FROM usage_records LIMIT 0";

    public string LastKeySql => "SELECT MAX(rowid) FROM usage_records";

    public string RowIdentitySql => "SELECT quote(id) || quote(timestamp) FROM usage_records WHERE rowid = $key";

    public long Held => _window.Held;

    public Task<long> ReadAllAsync(ReadSnapshot snapshot, long lastKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _now = now;
        var start = Start(now);
        return ReadAsync(snapshot, FromStartSql, ("$start", start.Text), start, cancellationToken);
    }

    public Task<long> ReadAfterAsync(ReadSnapshot snapshot, long afterKey, long lastKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _now = now;
        return ReadAsync(snapshot, AfterSql, ("$after", afterKey), Start(now), cancellationToken);
    }

    public async Task<bool> AuditAsync(ReadSnapshot snapshot, long lastKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var start = Start(now);
        _window.Slide(start, End(now));
        var counted = await snapshot.ScalarAsync(HeldCountSql, cancellationToken, ("$start", start.Text), ("$last", lastKey));
        return counted == _window.Held;
    }

    public void Clear() => _window.Clear();

    public UsageStats Figures(long fileBytes) => _window.Slide(Start(_now), End(_now));

    private static UsageTimestamp Start(DateTimeOffset now) => UsageTimestamp.Bound(now - Window);

    private static UsageTimestamp End(DateTimeOffset now) => UsageTimestamp.Bound(now);

    private async Task<long> ReadAsync(ReadSnapshot snapshot, string sql, (string Name, object Value) parameter, UsageTimestamp start, CancellationToken cancellationToken)
    {
        await using var command = snapshot.Command(sql, parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            var timestamp = UsageTimestamp.Of(reader.GetString(1));
            if (timestamp >= start)
            {
                _window.Add(reader.GetString(2), new UsageWindow.UsageRow(timestamp, reader.GetInt64(0), Integer(reader, 3), Integer(reader, 4), reader.IsDBNull(5) ? 0 : reader.GetDouble(5)));
            }
        }

        return rows;
    }

    private static long Integer(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetInt64(ordinal);
}
