using Microsoft.Data.Sqlite;

namespace Telemetry.Sources.Tables;

/// <summary>One read transaction: every query of a cycle sees the same state of the database, however the agent writes meanwhile.</summary>
/// <remarks>A deferred transaction on a read-only connection takes no lock until its first read, then holds a WAL snapshot.</remarks>
internal sealed class ReadTransaction : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    private ReadTransaction(SqliteConnection connection)
    {
        _connection = connection;
        _transaction = connection.BeginTransaction(deferred: true);
    }

    public static ReadTransaction Begin(SqliteConnection connection) => new(connection);

    public SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>A query whose integer parameters bind to <c>?1</c>, <c>?2</c>, ... in order, read without a string per value.</summary>
    public RawRows RawRows(string sql, params ReadOnlySpan<long> parameters) => new(_connection, sql, parameters);

    /// <summary>The first column of the first row as an integer; null for NULL or no row.</summary>
    public async Task<long?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) is long value ? value : null;
    }

    /// <summary>The first column of the first row as text; null for NULL or no row.</summary>
    public async Task<string?> TextAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async ValueTask DisposeAsync()
    {
        // Nothing was written: ending the transaction only releases the snapshot.
        await _transaction.DisposeAsync();
    }
}
