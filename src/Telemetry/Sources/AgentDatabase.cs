using Microsoft.Data.Sqlite;

namespace Telemetry.Sources;

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
    /// <remarks>
    /// A WAL database needs its <c>-shm</c> file. On a read-only mount (the Supervisor maps <c>share</c> read-only) it
    /// cannot be created, so the open fails when the agent is not running. Then, if there is no WAL content either,
    /// the main file holds every row and an <c>immutable</c> open reads it exactly; with WAL content it would read
    /// stale data, so the source is reported unavailable with what to change.
    /// </remarks>
    public static async Task<SqliteConnection> OpenAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new SourceUnavailableException($"{path} does not exist");
        }

        try
        {
            return await OpenCheckedAsync(path, immutable: false, cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == CantOpen && !File.Exists(path + "-shm"))
        {
            if (new FileInfo(path + "-wal") is { Exists: true, Length: > 0 })
            {
                throw new SourceUnavailableException(
                    $"{path}-wal has data but {path}-shm is missing and cannot be created on a read-only folder: start the agent, which recreates {path}-shm (the add-on maps the folder read-only on purpose)");
            }

            return await OpenCheckedAsync(path, immutable: true, cancellationToken);
        }
    }

    private const int CantOpen = 14;

    /// <summary>Opens and touches the schema, because SQLite opens lazily and would fail only at the first query.</summary>
    private static async Task<SqliteConnection> OpenCheckedAsync(string path, bool immutable, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = immutable ? $"file:{Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal)}?immutable=1" : path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var probe = connection.CreateCommand();
            probe.CommandText = "PRAGMA schema_version";
            await probe.ExecuteScalarAsync(cancellationToken);
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
}
