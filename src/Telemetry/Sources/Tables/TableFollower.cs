using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Telemetry.Sources.Tables;

/// <summary>Follows one table across cycles: reads only the rows added since the last cycle, and everything again when that is not safe.</summary>
/// <remarks>
/// <para>
/// The agent appends with one writer, so a row never appears below a key already read: the rows after the last
/// key read are exactly what is new. A steady cycle is a few index seeks plus those rows, in one read transaction
/// (one WAL snapshot), whatever the size of the file.
/// </para>
/// <para>
/// Everything is read again when what was read may no longer be what is there: the table is in another file, the
/// file shrank (replaced, vacuumed), the row last read is gone or different (replaced, restored, rewound,
/// renumbered), the clock went back, or an audit (every <see cref="IncrementalSettings.AuditPeriod"/>) found rows
/// missing. Any failure forgets everything (<see cref="Reset"/>), so a source that recovers is read in full.
/// </para>
/// </remarks>
internal sealed class TableFollower<TFigures>(IFollowedTable<TFigures> table, IncrementalSettings settings)
{
    /// <summary>SQLITE_ERROR: what a missing table or column gives (a damaged file gives other codes).</summary>
    private const int SqliteError = 1;

    private readonly AuditSchedule _audits = new(settings.AuditPeriod);
    private Mark? _mark;
    private DateTimeOffset _lastNow;

    /// <summary>How the last read went.</summary>
    public TableRead LastRead { get; private set; } = TableRead.First;

    /// <summary>The file the last read found the table in; null before the first read and after a failure.</summary>
    public string? MarkPath => _mark?.Path;

    /// <summary>Reads what changed in the table at <paramref name="path"/> and returns the figures at <paramref name="now"/>.</summary>
    public async Task<TFigures> ReadAsync(SqliteConnection connection, string path, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fileBytes = AgentDatabase.FileSize(path);
        await using var transaction = ReadTransaction.Begin(connection);
        await ProbeSchemaAsync(transaction, path, cancellationToken);

        var reason = _mark is null ? "first read"
            : _mark.Path != path ? "the table is in another file now"
            : fileBytes < _mark.FileBytes ? "the file shrank (replaced or vacuumed)"
            : now < _lastNow ? "the clock went back"
            : await RowIdentityAsync(transaction, _mark.LastKey, cancellationToken) != _mark.Row
                ? "the row last read is gone or changed (replaced, restored, rewound or renumbered)"
            : null;

        var lastKey = await transaction.ScalarAsync(table.LastKeySql, cancellationToken) ?? 0;
        var mark = reason is null ? _mark : null;
        if (mark is not null)
        {
            var rows = await table.ReadAfterAsync(transaction, mark.LastKey, lastKey, now, cancellationToken);
            LastRead = TableRead.Incremental(rows, table.Held);
            if (_audits.IsDue(now))
            {
                LastRead = TableRead.Audit(rows, table.Held);
                if (!await table.AuditAsync(transaction, lastKey, now, cancellationToken))
                {
                    reason = "rows held were deleted from the table, or its columns changed (found by the audit)";
                }
            }
        }

        if (reason is not null)
        {
            table.Clear();
            var rows = await table.ReadAllAsync(transaction, lastKey, now, cancellationToken);
            LastRead = TableRead.Full(reason, rows, table.Held);
        }

        if (LastRead.IsFull || LastRead.Audited)
        {
            _audits.Done(now);
        }

        var row = reason is null && mark is not null && lastKey == mark.LastKey ? mark.Row : await RowIdentityAsync(transaction, lastKey, cancellationToken);
        _mark = new Mark(path, fileBytes, lastKey, row);
        _lastNow = now;
        return table.Figures(fileBytes);
    }

    /// <summary>The figures at <paramref name="now"/> without reading, when the file at <paramref name="path"/> is known to be unchanged since the last read.</summary>
    /// <returns>False when a read is needed all the same: nothing read yet, another file, the clock went back, an audit is due, or the figures need rows.</returns>
    public bool TryAdvance(string path, DateTimeOffset now, [MaybeNullWhen(false)] out TFigures figures)
    {
        figures = default;
        if (_mark is null || _mark.Path != path || now < _lastNow || _audits.IsDue(now) || !table.TryMoveTo(now))
        {
            return false;
        }

        LastRead = TableRead.Unchanged(table.Held);
        _lastNow = now;
        figures = table.Figures(_mark.FileBytes);
        return true;
    }

    /// <summary>Writes the mark and what the table holds, when the table can keep it (<see cref="KeptWindows"/>).</summary>
    /// <returns>False when there is nothing to keep: no read yet, or the table owes rows to the next read.</returns>
    public bool TryKeep(BinaryWriter writer)
    {
        if (_mark is not { } mark || table is not IKeptTable { CanKeep: true } kept)
        {
            return false;
        }

        writer.Write(mark.Path);
        writer.Write(mark.FileBytes);
        writer.Write(mark.LastKey);
        writer.Write(mark.Row is not null);
        writer.Write(mark.Row ?? "");
        writer.Write(_lastNow.UtcTicks);
        kept.Write(writer);
        return true;
    }

    /// <summary>
    /// Takes back what <see cref="TryKeep"/> wrote as if the last read had just happened; the next read checks it
    /// as it checks any mark, and audits the rows held at once.
    /// </summary>
    /// <exception cref="InvalidDataException">It was kept for another file, or is not what <see cref="TryKeep"/> writes.</exception>
    public void Restore(BinaryReader reader, string path)
    {
        if (table is not IKeptTable kept)
        {
            throw new InvalidDataException($"{table.Name} keeps nothing");
        }

        var (markPath, fileBytes, lastKey, hasRow, row) = (reader.ReadString(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadBoolean(), reader.ReadString());
        var mark = new Mark(markPath, fileBytes, lastKey, hasRow ? row : null);
        if (mark.Path != path)
        {
            throw new InvalidDataException($"it was kept for {mark.Path}, not {path}");
        }

        var lastNow = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        Reset();
        kept.Read(reader);
        _mark = mark;
        _lastNow = lastNow;
        LastRead = TableRead.Restored(table.Held);
    }

    /// <summary>Forgets everything: the next read is a full one.</summary>
    public void Reset()
    {
        _mark = null;
        table.Clear();
        LastRead = TableRead.Full("reset after a failed read");
    }

    /// <summary>One clear, stable reason for a table that is not the agent's, whichever query would have failed first.</summary>
    private async Task ProbeSchemaAsync(ReadTransaction transaction, string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = transaction.Command(table.SchemaProbeSql);
            await probe.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteError)
        {
            throw new SourceUnavailableException($"{path} has no {table.Name} table with the agent's columns (an older agent or another program's database): {ex.Message}");
        }
    }

    private async Task<string?> RowIdentityAsync(ReadTransaction transaction, long key, CancellationToken cancellationToken) =>
        key == 0 ? null : await transaction.TextAsync(table.RowIdentitySql, cancellationToken, ("$key", key));

    /// <summary>What was read: from which file, its size then, and the last row by key.</summary>
    private sealed record Mark(string Path, long FileBytes, long LastKey, string? Row);
}
