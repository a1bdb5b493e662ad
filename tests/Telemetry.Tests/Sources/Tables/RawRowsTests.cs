using Microsoft.Data.Sqlite;
using Telemetry.AgentSimulator;
using Telemetry.Sources;
using Telemetry.Sources.Tables;

namespace Telemetry.Tests.Sources.Tables;

/// <summary>Rows read from SQLite's own memory: the values the managed reader gives, inside the snapshot, with its errors.</summary>
public sealed class RawRowsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("thane-rawrows-").FullName;

    private string Path => System.IO.Path.Combine(_directory, "t.db");

    [Fact]
    public async Task Read_IntegersTextAndNulls_GivesWhatTheManagedReaderGives()
    {
        // Given a WAL database with text (ASCII and not), an empty text and NULLs
        using (var writer = AgentSql.OpenWriter(Path, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);"))
        {
            AgentSql.Execute(writer, "INSERT INTO t VALUES (1, 'ERROR', NULL), (2, 'größer ✓', ''), (7, NULL, '2026-11-01T12:00:00.5Z')");
        }

        // When it is read both ways on the add-on's read-only connection
        await using var connection = await AgentDatabase.OpenAsync(Path, CancellationToken.None);
        await using var snapshot = ReadTransaction.Begin(connection);
        var managed = new List<(long, string?, string?)>();
        await using (var command = snapshot.Command("SELECT id, a, b FROM t WHERE id >= 2 ORDER BY id"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                managed.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        var raw = new List<(long, string?, string?)>();
        using (var rows = snapshot.RawRows("SELECT id, a, b FROM t WHERE id >= ?1 ORDER BY id", 2))
        {
            while (rows.Read())
            {
                raw.Add((rows.Int64(0), rows.IsNull(1) ? null : System.Text.Encoding.UTF8.GetString(rows.Utf8(1)), rows.IsNull(2) ? null : System.Text.Encoding.UTF8.GetString(rows.Utf8(2))));
            }
        }

        // Then both give the same rows, the parameter bound
        Assert.Equal([(2L, "größer ✓", ""), (7L, null, "2026-11-01T12:00:00.5Z")], raw);
        Assert.Equal(managed, raw);
    }

    [Fact]
    public async Task Read_AfterTheAgentWrote_SeesTheSnapshotItBeganIn()
    {
        // Given a snapshot that has read once
        using var writer = AgentSql.OpenWriter(Path, "CREATE TABLE t (id INTEGER PRIMARY KEY);");
        AgentSql.Execute(writer, "INSERT INTO t VALUES (1)");
        await using var connection = await AgentDatabase.OpenAsync(Path, CancellationToken.None);
        await using var snapshot = ReadTransaction.Begin(connection);
        Assert.Equal(1, await snapshot.ScalarAsync("SELECT COUNT(*) FROM t", CancellationToken.None));

        // When the agent writes, and the raw rows are read in the same snapshot
        AgentSql.Execute(writer, "INSERT INTO t VALUES (2)");
        using var rows = snapshot.RawRows("SELECT COUNT(*) FROM t");

        // Then they see the state the snapshot began with
        Assert.True(rows.Read());
        Assert.Equal(1, rows.Int64(0));
        Assert.False(rows.Read());
    }

    [Fact]
    public async Task RawRows_ForeignSchema_ThrowsTheSqliteErrorTheSourcesHandle()
    {
        // Given a database without the queried table
        AgentSql.OpenWriter(Path, "CREATE TABLE other (x);").Dispose();
        await using var connection = await AgentDatabase.OpenAsync(Path, CancellationToken.None);
        await using var snapshot = ReadTransaction.Begin(connection);

        // When the query is prepared, then it fails as Microsoft.Data.Sqlite's own reader does (SQLITE_ERROR, the message)
        var error = Assert.Throws<SqliteException>(() => snapshot.RawRows("SELECT id FROM log_entries WHERE id >= ?1", 1));
        Assert.Equal(1, error.SqliteErrorCode);
        Assert.Contains("no such table: log_entries", error.Message, StringComparison.Ordinal);
        Assert.True(SourceFailure.IsExpected(error));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
