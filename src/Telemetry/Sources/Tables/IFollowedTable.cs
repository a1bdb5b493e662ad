namespace Telemetry.Sources.Tables;

/// <summary>A table that <see cref="TableFollower{TFigures}"/> reads across cycles: its SQL and the figures it keeps.</summary>
/// <remarks>
/// Rows are found by an integer key that only grows as the agent appends (an <c>INTEGER PRIMARY KEY</c> or the
/// implicit <c>rowid</c>). Every method runs inside one read transaction, so all of them see the same rows.
/// </remarks>
internal interface IFollowedTable<out TFigures>
{
    /// <summary>The table's name, for problem reports.</summary>
    string Name { get; }

    /// <summary>SQL that names every column the reads use (<c>SELECT … LIMIT 0</c>): it fails on an older or foreign schema.</summary>
    string SchemaProbeSql { get; }

    /// <summary>SQL giving the largest key in the table (NULL when empty).</summary>
    string LastKeySql { get; }

    /// <summary>SQL giving one text that identifies the row whose key is <c>$key</c>, to recognise it on the next read.</summary>
    string RowIdentitySql { get; }

    /// <summary>Items held in memory (for the audit and the memory relief).</summary>
    long Held { get; }

    /// <summary>Forgets everything, then reads all that the figures need at <paramref name="now"/>.</summary>
    /// <returns>The rows read.</returns>
    Task<long> ReadAllAsync(ReadTransaction transaction, long lastKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Reads the rows after <paramref name="afterKey"/> (up to <paramref name="lastKey"/>) and moves the figures to <paramref name="now"/>.</summary>
    /// <returns>The rows read.</returns>
    Task<long> ReadAfterAsync(ReadTransaction transaction, long afterKey, long lastKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Moves the figures to <paramref name="now"/> without the database, the table being as it was at the last read.</summary>
    /// <returns>False when that needs rows from the database: a read at <paramref name="now"/> must follow.</returns>
    bool TryMoveTo(DateTimeOffset now);

    /// <summary>Whether the rows held still match the database (rows deleted by something other than the agent).</summary>
    Task<bool> AuditAsync(ReadTransaction transaction, long lastKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Forgets every row held.</summary>
    void Clear();

    /// <summary>The figures at the last read.</summary>
    TFigures Figures(long fileBytes);
}
