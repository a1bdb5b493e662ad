using Microsoft.Data.Sqlite;

namespace Telemetry.Collection.Incremental;

/// <summary>Follows <c>usage_records</c> across cycles: reads the rows added since the last cycle and keeps the window's sums.</summary>
/// <remarks>
/// The table's key is a UUID text, so new rows are found by the implicit <c>rowid</c>, which SQLite gives each
/// insert as one more than the largest. A deleted last row lets SQLite hand its rowid out again, and VACUUM may
/// renumber rowids; both change the row found at the last rowid read, which makes the next read a full one. The
/// agent never deletes usage rows; an audit (every <see cref="IncrementalSettings.AuditPeriod"/>) counts the rows
/// from the window start on the timestamp index and compares them with the rows held.
/// </remarks>
internal sealed class UsageTail(IncrementalSettings settings)
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

    private const string LastRowIdSql = """
        SELECT MAX(rowid) FROM usage_records
        """;

    private const string RowSql = """
        SELECT id, timestamp FROM usage_records WHERE rowid = $rowid
        """;

    private const string HeldCountSql = """
        SELECT COUNT(*) FROM usage_records WHERE timestamp >= $start AND typeof(timestamp) = 'text' AND rowid <= $last
        """;

    private readonly UsageWindow _window = new();
    private readonly AuditSchedule _audits = new(settings.AuditPeriod);
    private TableMark? _mark;
    private DateTimeOffset _now;

    public ReadMode LastRead { get; private set; } = ReadMode.Full("first read");

    public async Task<UsageStats> ReadAsync(SqliteConnection connection, string path, long fileBytes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var start = UsageText.Bound(now - UsageSource.Window);
        var end = UsageText.Bound(now);
        await using var snapshot = ReadSnapshot.Begin(connection);

        var reason = _mark is null ? "first read"
            : _mark.Path != path ? "the table is in another file now"
            : fileBytes < _mark.FileBytes ? "the file shrank (replaced or vacuumed)"
            : now < _now ? "the clock went back"
            : !await IsUnchangedAsync(snapshot, _mark, cancellationToken) ? "the row last read is gone or changed (replaced, restored, rewound or renumbered)"
            : null;

        if (reason is null)
        {
            _mark = _mark! with { FileBytes = fileBytes };
            await ReadAsync(snapshot, AfterSql, ("$after", _mark.LastRowId), start, cancellationToken);
            LastRead = ReadMode.Incremental;
            if (_audits.IsDue(now))
            {
                LastRead = ReadMode.Audited;
                _window.Slide(start, end);
                var counted = await snapshot.ScalarAsync(HeldCountSql, cancellationToken, ("$start", start.Text), ("$last", _mark.LastRowId));
                if (counted != _window.Held)
                {
                    reason = "rows in the window were deleted";
                }
            }
        }

        if (reason is not null)
        {
            _window.Clear();
            var lastRowId = await snapshot.ScalarAsync(LastRowIdSql, cancellationToken) ?? 0;
            _mark = new TableMark(path, fileBytes, lastRowId, lastRowId > 0 ? await ReadRowAsync(snapshot, lastRowId, cancellationToken) : null);
            await ReadAsync(snapshot, FromStartSql, ("$start", start.Text), start, cancellationToken);
            LastRead = ReadMode.Full(reason);
        }

        if (LastRead != ReadMode.Incremental)
        {
            _audits.Done(now);
        }

        _now = now;
        return _window.Slide(start, end);
    }

    public void Reset()
    {
        _mark = null;
        _window.Clear();
        LastRead = ReadMode.Full("reset after a failed read");
    }

    private async Task ReadAsync(ReadSnapshot snapshot, string sql, (string Name, object Value) parameter, UsageText start, CancellationToken cancellationToken)
    {
        await using var command = snapshot.Command(sql, parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lastRowId = _mark!.LastRowId;
        while (await reader.ReadAsync(cancellationToken))
        {
            var rowId = reader.GetInt64(0);
            var timestamp = UsageText.Of(reader.GetString(1));
            if (timestamp >= start)
            {
                _window.Add(reader.GetString(2), new UsageWindow.UsageRow(timestamp, rowId, Integer(reader, 3), Integer(reader, 4), reader.IsDBNull(5) ? 0 : reader.GetDouble(5)));
            }

            lastRowId = Math.Max(lastRowId, rowId);
        }

        if (lastRowId != _mark.LastRowId)
        {
            _mark = _mark with { LastRowId = lastRowId, Row = await ReadRowAsync(snapshot, lastRowId, cancellationToken) };
        }
    }

    private static long Integer(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetInt64(ordinal);

    private static async Task<bool> IsUnchangedAsync(ReadSnapshot snapshot, TableMark mark, CancellationToken cancellationToken) =>
        mark.LastRowId == 0 || mark.Row == await ReadRowAsync(snapshot, mark.LastRowId, cancellationToken);

    private static async Task<RowText?> ReadRowAsync(ReadSnapshot snapshot, long rowId, CancellationToken cancellationToken)
    {
        await using var command = snapshot.Command(RowSql, ("$rowid", rowId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RowText(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1))
            : null;
    }

    private sealed record RowText(string? Id, string? Timestamp);

    private sealed record TableMark(string Path, long FileBytes, long LastRowId, RowText? Row);
}
