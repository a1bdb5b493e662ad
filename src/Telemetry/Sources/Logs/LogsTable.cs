using Telemetry.Sources.Tables;

namespace Telemetry.Sources.Logs;

/// <summary><c>log_entries</c> as the logs source follows it: its SQL, and the window's figures it keeps up to date.</summary>
/// <remarks>
/// <para>
/// <c>id</c> is <c>INTEGER PRIMARY KEY AUTOINCREMENT</c>, the key <see cref="TableFollower{TFigures}"/> follows. A
/// full read starts at the first row of the window (found on the timestamp index) rounded down to its census block.
/// </para>
/// <para>
/// The audit counts the rows per level over the ids that can still be in the window, on <c>idx_log_level</c>, and
/// compares them with the rows this reader saw (<see cref="LevelCensus"/>); the agent's own deletions (DEBUG and
/// TRACE rows older than its retention, default 7 days) are behind the window and change nothing here.
/// </para>
/// </remarks>
internal sealed class LogsTable : IFollowedTable<LogsFigures>, IKeptTable
{
    // Index-only on idx_log_timestamp: "+ 0" stops SQLite from answering MIN(id) by walking the table from its first row.
    private const string FirstInWindowSql = """
        SELECT MIN(id + 0) FROM log_entries WHERE timestamp >= $lowerBound
        """;

    private const string RowsFromSql = """
        SELECT id, request_id, level, timestamp FROM log_entries WHERE id >= ?1 ORDER BY id
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
    private readonly KnownTexts _levels = new();

    // Requests that lost some rows to the window when it moved without a read: their rows are read at the next read.
    private readonly List<string> _partlyExpired = [];

    /// <summary>The window's length, as the agent's package counts requests and errors.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromHours(24);

    public string Name => "log_entries";

    public string SchemaProbeSql => "SELECT id, timestamp, level, request_id FROM log_entries LIMIT 0";

    public string LastKeySql => "SELECT MAX(id) FROM log_entries";

    public string RowIdentitySql => "SELECT quote(timestamp) || quote(level) || quote(request_id) FROM log_entries WHERE id = $key";

    public long Held => _window.Requests + _window.Errors;

    public async Task<long> ReadAllAsync(ReadTransaction transaction, long lastKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Rows of the boundary second carry a fraction and sort before the whole-second bound: one second earlier.
        var lowerBound = Timestamps.FormatRfc3339Seconds(now - Window - TimeSpan.FromSeconds(1));
        var first = await transaction.ScalarAsync(FirstInWindowSql, cancellationToken, ("$lowerBound", lowerBound));

        // Rows below the first one in the window are outside it for good; the census starts at its block.
        var from = first is { } id ? LevelCensus.BlockStart(id) : lastKey + 1;
        _census.Restart(from);
        _window.BeginBulk();
        try
        {
            return ReadRowsFrom(transaction, from, Since(now), cancellationToken);
        }
        finally
        {
            _window.EndBulk();
            _window.TrimExcess();
        }
    }

    public async Task<long> ReadAfterAsync(ReadTransaction transaction, long afterKey, long lastKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = Since(now);
        var rows = ReadRowsFrom(transaction, afterKey + 1, since, cancellationToken);
        _partlyExpired.AddRange(_window.Expire(since));
        foreach (var requestId in _partlyExpired.Distinct(StringComparer.Ordinal))
        {
            _window.Replace(requestId, await ReadRequestAsync(transaction, requestId, lastKey, cancellationToken), since);
        }

        _partlyExpired.Clear();
        return rows;
    }

    public bool TryMoveTo(DateTimeOffset now)
    {
        var since = Since(now);
        _census.Expire(since);
        _partlyExpired.AddRange(_window.Expire(since));
        return _partlyExpired.Count == 0;
    }

    public async Task<bool> AuditAsync(ReadTransaction transaction, long lastKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_census.FirstId is not { } from)
        {
            return true;
        }

        foreach (var (level, rows) in _census.Totals())
        {
            var counted = level is null
                ? await transaction.ScalarAsync(NullLevelCountSql, cancellationToken, ("$from", from), ("$to", lastKey))
                : await transaction.ScalarAsync(LevelCountSql, cancellationToken, ("$level", level), ("$from", from), ("$to", lastKey));
            if (counted != rows)
            {
                return false;
            }
        }

        return true;
    }

    public void Clear()
    {
        _partlyExpired.Clear();
        _window.Clear();
        _census.Restart(0);
    }

    public LogsFigures Figures(long fileBytes) => _window.ToFigures(fileBytes);

    public bool CanKeep => _partlyExpired.Count == 0;

    public void Write(BinaryWriter writer)
    {
        _census.Write(writer);
        _window.Write(writer);
    }

    public void Read(BinaryReader reader)
    {
        Clear();
        _census.Read(reader);
        _window.Read(reader);
    }

    private static long Since(DateTimeOffset now) => WindowKey.Since(now - Window);

    // Row by row from SQLite's own memory (RawRows): a UUID request id, a known level and the agent's timestamp form
    // make no string, which is most of what a first read of a busy day cost.
    private long ReadRowsFrom(ReadTransaction transaction, long from, long since, CancellationToken cancellationToken)
    {
        using var reader = transaction.RawRows(RowsFromSql, from);
        long rows = 0;
        while (reader.Read())
        {
            if ((++rows & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // A NULL request id or timestamp reads as empty, which means the same here (no request; never in the
            // window); a NULL level is counted apart from an empty one, as the audit's SQL does.
            var level = reader.IsNull(2) ? null : _levels.Of(reader.Utf8(2));
            var key = WindowKey.Of(reader.Utf8(3), out var at);
            _census.Add(reader.Int64(0), level, key);
            if (key >= since)
            {
                _window.Add(reader.Utf8(1), level ?? "", key, at);
            }
        }

        _census.Expire(since);
        return rows;
    }

    private static async Task<IReadOnlyList<(long Key, long At)>> ReadRequestAsync(ReadTransaction transaction, string requestId, long lastId, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(RequestRowsSql, ("$requestId", requestId), ("$lastId", lastId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(long, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = WindowKey.Of(reader.IsDBNull(0) ? null : reader.GetString(0), out var at);
            rows.Add((key, at));
        }

        return rows;
    }
}
