using Microsoft.Data.Sqlite;

namespace Telemetry.Collection.Incremental;

/// <summary>Follows <c>log_entries</c> across cycles: reads the rows added since the last cycle and keeps the window's figures.</summary>
/// <remarks>
/// <para>
/// <c>id</c> is <c>INTEGER PRIMARY KEY AUTOINCREMENT</c> and the agent has one writer, so a row never appears
/// below an id already read: the rows after the last id read are exactly what is new. A steady cycle is a few
/// index seeks plus those rows, in one read transaction (one snapshot), whatever the size of the file.
/// </para>
/// <para>
/// Everything is read again when what was read may no longer be what is there: the file moved or shrank
/// (replaced, vacuumed), the row last read is gone or different (replaced, restored, rewound), the clock went back,
/// or an audit found rows missing. The audit (every <see cref="IncrementalSettings.AuditPeriod"/>) counts the rows
/// per level over the ids that can still be in the window on <c>idx_log_level</c> and compares them with the rows
/// this reader saw; the agent's own deletions (DEBUG and TRACE rows older than its retention, default 7 days) are
/// behind the window and change nothing here.
/// </para>
/// </remarks>
internal sealed class LogTail(IncrementalSettings settings)
{
    // Index-only on idx_log_timestamp: "+ 0" stops SQLite from answering MIN(id) by walking the table from its first row.
    private const string FirstInWindowSql = """
        SELECT MIN(id + 0) FROM log_entries WHERE timestamp >= $lowerBound
        """;

    private const string LastIdSql = """
        SELECT MAX(id) FROM log_entries
        """;

    private const string RowsFromSql = """
        SELECT id, request_id, level, timestamp FROM log_entries WHERE id >= $from ORDER BY id
        """;

    private const string RowSql = """
        SELECT timestamp, level, request_id FROM log_entries WHERE id = $id
        """;

    private const string RequestRowsSql = """
        SELECT timestamp FROM log_entries WHERE request_id = $requestId AND id <= $lastId
        """;

    private const string LevelCountSql = """
        SELECT COUNT(*) FROM log_entries WHERE level = $level AND id >= $from AND id <= $to
        """;

    private const string NullLevelCountSql = """
        SELECT COUNT(*) FROM log_entries WHERE level IS NULL AND id >= $from AND id <= $to
        """;

    private readonly RequestWindow _window = new();
    private readonly LevelCensus _census = new();
    private readonly AuditSchedule _audits = new(settings.AuditPeriod);
    private TableMark? _mark;
    private long _since;

    /// <summary>How the last read went.</summary>
    public ReadMode LastRead { get; private set; } = ReadMode.Full("first read");

    /// <summary>Reads what changed and returns the window's figures.</summary>
    /// <param name="fileBytes">The size of the file now, to notice it shrinking.</param>
    public async Task<LogStats> ReadAsync(SqliteConnection connection, string path, long fileBytes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = WindowKey.Since(now - LogsSource.Window);
        var lowerBound = Timestamps.FormatRfc3339Seconds(now - LogsSource.Window - TimeSpan.FromSeconds(1));
        await using var snapshot = ReadSnapshot.Begin(connection);

        var reason = _mark is null ? "first read"
            : _mark.Path != path ? "the file moved"
            : fileBytes < _mark.FileBytes ? "the file shrank (replaced or vacuumed)"
            : since < _since ? "the clock went back"
            : !await IsUnchangedAsync(snapshot, _mark, cancellationToken) ? "the row last read is gone or changed (replaced, restored or rewound)"
            : null;

        if (reason is null)
        {
            await ReadNewRowsAsync(snapshot, path, fileBytes, since, cancellationToken);
            LastRead = ReadMode.Incremental;
            if (_audits.IsDue(now))
            {
                LastRead = ReadMode.Audited;
                if (!await CensusMatchesAsync(snapshot, cancellationToken))
                {
                    reason = "rows in the window were deleted";
                }
                else
                {
                    MemoryRelief.AfterAudit(_window.Requests + _window.Errors);
                }
            }
        }

        if (reason is not null)
        {
            await ReadEverythingAsync(snapshot, path, fileBytes, since, lowerBound, cancellationToken);
            LastRead = ReadMode.Full(reason);
        }

        if (LastRead != ReadMode.Incremental)
        {
            _audits.Done(now);
        }

        _since = since;
        return _window.ToStats(fileBytes);
    }

    /// <summary>Forgets everything: the next read is a full one.</summary>
    public void Reset()
    {
        _mark = null;
        _window.Clear();
        _census.Restart(0);
        LastRead = ReadMode.Full("reset after a failed read");
    }

    private async Task ReadEverythingAsync(ReadSnapshot snapshot, string path, long fileBytes, long since, string lowerBound, CancellationToken cancellationToken)
    {
        var lastId = await snapshot.ScalarAsync(LastIdSql, cancellationToken) ?? 0;
        var first = await snapshot.ScalarAsync(FirstInWindowSql, cancellationToken, ("$lowerBound", lowerBound));

        // Rows below the first one in the window are outside it for good; the census starts at its block.
        var from = first is { } id ? LevelCensus.BlockStart(id) : lastId + 1;
        _window.Clear();
        _census.Restart(from);
        _mark = new TableMark(path, fileBytes, from - 1, null);
        var rows = await ReadRowsFromAsync(snapshot, from, since, cancellationToken);
        MemoryRelief.AfterFullRead(rows);
        if (_mark.Row is null && lastId > 0)
        {
            // Nothing from the window on: remember the table's last row so that a rewind is still noticed.
            _mark = _mark with { LastId = lastId, Row = await ReadRowAsync(snapshot, lastId, cancellationToken) };
        }
    }

    private async Task ReadNewRowsAsync(ReadSnapshot snapshot, string path, long fileBytes, long since, CancellationToken cancellationToken)
    {
        _mark = _mark! with { Path = path, FileBytes = fileBytes };
        await ReadRowsFromAsync(snapshot, _mark.LastId + 1, since, cancellationToken);

        foreach (var requestId in _window.Expire(since))
        {
            _window.Replace(requestId, await ReadRequestAsync(snapshot, requestId, _mark.LastId, cancellationToken), since);
        }
    }

    /// <returns>The number of rows read.</returns>
    private async Task<long> ReadRowsFromAsync(ReadSnapshot snapshot, long from, long since, CancellationToken cancellationToken)
    {
        await using var command = snapshot.Command(RowsFromSql, ("$from", from));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long lastId = _mark!.LastId;
        long rows = 0;
        RowText? last = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            var id = reader.GetInt64(0);
            var requestId = reader.IsDBNull(1) ? null : reader.GetString(1);
            var level = reader.IsDBNull(2) ? null : reader.GetString(2);
            var timestamp = reader.IsDBNull(3) ? null : reader.GetString(3);
            var key = WindowKey.Of(timestamp, out var at);
            _census.Add(id, level, key);
            if (key >= since)
            {
                _window.Add(requestId, level ?? "", key, at);
            }

            lastId = id;
            last = new RowText(timestamp, level, requestId);
        }

        if (last is not null)
        {
            _mark = _mark with { LastId = lastId, Row = last };
        }

        _census.Expire(since);
        return rows;
    }

    private static async Task<IReadOnlyList<(long Key, long At)>> ReadRequestAsync(ReadSnapshot snapshot, string requestId, long lastId, CancellationToken cancellationToken)
    {
        await using var command = snapshot.Command(RequestRowsSql, ("$requestId", requestId), ("$lastId", lastId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(long, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = WindowKey.Of(reader.IsDBNull(0) ? null : reader.GetString(0), out var at);
            rows.Add((key, at));
        }

        return rows;
    }

    private static async Task<bool> IsUnchangedAsync(ReadSnapshot snapshot, TableMark mark, CancellationToken cancellationToken) =>
        mark.Row is null || mark.Row == await ReadRowAsync(snapshot, mark.LastId, cancellationToken);

    private static async Task<RowText?> ReadRowAsync(ReadSnapshot snapshot, long id, CancellationToken cancellationToken)
    {
        await using var command = snapshot.Command(RowSql, ("$id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RowText(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }

    private async Task<bool> CensusMatchesAsync(ReadSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (_census.FirstId is not { } from)
        {
            return true;
        }

        foreach (var (level, rows) in _census.Totals())
        {
            var counted = level is null
                ? await snapshot.ScalarAsync(NullLevelCountSql, cancellationToken, ("$from", from), ("$to", _mark!.LastId))
                : await snapshot.ScalarAsync(LevelCountSql, cancellationToken, ("$level", level), ("$from", from), ("$to", _mark!.LastId));
            if (counted != rows)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text of a row, to recognise it on the next read.</summary>
    private sealed record RowText(string? Timestamp, string? Level, string? RequestId);

    /// <summary>What was read: from which file, its size then, and the last row.</summary>
    private sealed record TableMark(string Path, long FileBytes, long LastId, RowText? Row);
}
