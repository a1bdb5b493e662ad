using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Telemetry.Sources.Tables;

/// <summary>The rows of one query as SQLite holds them: integers, and text as its UTF-8 bytes, with no string per value.</summary>
/// <remarks>
/// For the full read of a large table, where <see cref="SqliteDataReader.GetString"/> made a string of every text
/// column of every row (three per log row, 2.3 million on a busy agent's day) only to parse and drop it. The
/// statement runs on the snapshot's connection, so inside its read transaction; errors surface as the
/// <see cref="SqliteException"/> the rest of the reading handles.
/// </remarks>
internal sealed class RawRows : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    public RawRows(SqliteConnection connection, string sql, ReadOnlySpan<long> parameters)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
        for (var i = 0; i < parameters.Length; i++)
        {
            Check(raw.sqlite3_bind_int64(_statement, i + 1, parameters[i]));
        }
    }

    /// <summary>Steps to the next row; false after the last.</summary>
    public bool Read()
    {
        var result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW)
        {
            return true;
        }

        Check(result == raw.SQLITE_DONE ? raw.SQLITE_OK : result);
        return false;
    }

    /// <summary>Whether the column is NULL; ask before reading it, as reading converts it.</summary>
    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    public double Double(int column) => raw.sqlite3_column_double(_statement, column);

    /// <summary>The column's text as UTF-8, valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> Utf8(int column) => raw.sqlite3_column_blob(_statement, column);

    public void Dispose() => _statement.Dispose();

    // Microsoft.Data.Sqlite's own translation: the same message and codes as its reader's.
    private void Check(int result) => SqliteException.ThrowExceptionForRC(result, _database);
}
