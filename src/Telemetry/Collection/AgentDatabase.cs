using Microsoft.Data.Sqlite;

namespace Telemetry.Collection;

/// <summary>Opens one of the agent's SQLite files read-only, for one short read.</summary>
/// <remarks>
/// The agent writes these files in WAL mode while we read them. A read-only connection never checkpoints,
/// never creates the database, and takes no write lock, so the agent's files are never written by this process.
/// </remarks>
internal static class AgentDatabase
{
    /// <summary>How long a read waits on a busy database before the source is reported unavailable.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Opens <paramref name="path"/>; a missing file is a <see cref="SourceUnavailableException"/>.</summary>
    public static async Task<SqliteConnection> OpenAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new SourceUnavailableException($"{path} does not exist");
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether the database has a table of that name.</summary>
    public static async Task<bool> HasTableAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>The size of the main database file (not its -wal or -shm), as the agent reports it.</summary>
    public static long FileSize(string path) => new FileInfo(path).Length;

    /// <summary>The failures that mean "this source cannot be read now", as opposed to a bug.</summary>
    public static bool IsSourceFailure(Exception exception) => exception
        is SqliteException
        or SourceUnavailableException
        or IOException
        or UnauthorizedAccessException
        or InvalidCastException
        or FormatException
        or OverflowException;

    /// <summary>A one-line reason for the log and the snapshot.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        SqliteException sqlite => $"SQLite error {sqlite.SqliteErrorCode}: {sqlite.Message.Replace("SQLite Error ", "", StringComparison.Ordinal)}",
        _ => exception.Message,
    };
}
