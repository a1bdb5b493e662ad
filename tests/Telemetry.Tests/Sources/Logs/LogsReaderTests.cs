using Microsoft.Data.Sqlite;
using Telemetry.AgentSimulator;
using Telemetry.Options;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Tables;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Logs;

/// <summary>Requests, errors and latency from <c>log_entries</c> (thane-data-sources §2.2, §3, §6).</summary>
public sealed class LogsReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadAsync_AgentFixture_CountsRequestsErrorsAndLatency()
    {
        // Given the agent's own collector_test fixture, with the agent's NULL for an empty request id
        using var agent = AgentDirectory.CreateCurrent();
        Log(agent, Now.AddHours(-1), "INFO", "req-1");
        Log(agent, Now.AddHours(-1).AddMilliseconds(500), "INFO", "req-1");
        Log(agent, Now.AddMinutes(-30), "INFO", "req-2");
        Log(agent, Now.AddMinutes(-30).AddSeconds(2), "INFO", "req-2");
        Log(agent, Now.AddMinutes(-10), "ERROR", null);
        Log(agent, Now.AddMinutes(-5), "ERROR", "req-3");

        // When
        var stats = await ReadAsync(agent);

        // Then three distinct requests, both ERROR rows, and latencies over the two spans (500 ms, 2000 ms)
        Assert.Equal(3, stats.Requests);
        Assert.Equal(2, stats.Errors);
        Assert.Equal(1250, stats.LatencyP50Ms);
        Assert.Equal(1925, stats.LatencyP95Ms!.Value, 6);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task ReadAsync_RowWithoutRequestId_IsNotARequestButItsErrorCounts(string? requestId)
    {
        // Given an error row whose request id is NULL (the agent's indexer) or '' (the agent's test fixture)
        using var agent = AgentDirectory.CreateCurrent();
        Log(agent, Now.AddMinutes(-10), "ERROR", requestId);
        Log(agent, Now.AddMinutes(-9), "INFO", requestId);
        Log(agent, Now.AddMinutes(-8), "INFO", "req-1");

        // When
        var stats = await ReadAsync(agent);

        // Then
        Assert.Equal(1, stats.Requests);
        Assert.Equal(1, stats.Errors);
    }

    [Theory]
    [InlineData("ERROR", 1)]
    [InlineData("ERROR+2", 1)]
    [InlineData("ERROR+4", 1)]
    [InlineData("WARN", 0)]
    [InlineData("INFO", 0)]
    [InlineData("DEBUG", 0)]
    [InlineData("TRACE", 0)]
    public async Task ReadAsync_Level_CountsErrorsIncludingLevelsAboveError(string level, int expectedErrors)
    {
        // Given one row at that slog level
        using var agent = AgentDirectory.CreateCurrent();
        Log(agent, Now.AddMinutes(-1), level, "req-1");

        // When
        var stats = await ReadAsync(agent);

        // Then
        Assert.Equal(expectedErrors, stats.Errors);
    }

    [Fact]
    public async Task ReadAsync_WholeSecondAndFractionInTheSameSecond_MeasuresTheRealSpan()
    {
        // Given "…:05Z" and "…:05.5Z": as text the first sorts after the second, so the agent discards the pair
        using var agent = AgentDirectory.CreateCurrent();
        var start = Now.AddMinutes(-20);
        Log(agent, start, "INFO", "req-1");
        Log(agent, start.AddMilliseconds(500), "INFO", "req-1");
        Assert.EndsWith(":00Z", AgentTime.Rfc3339Nano(start), StringComparison.Ordinal);
        Assert.EndsWith(":00.5Z", AgentTime.Rfc3339Nano(start.AddMilliseconds(500)), StringComparison.Ordinal);

        // When
        var stats = await ReadAsync(agent);

        // Then the span is the chronological 500 ms
        Assert.Equal(500, stats.LatencyP50Ms);
        Assert.Equal(500, stats.LatencyP95Ms);
    }

    [Fact]
    public async Task ReadAsync_TimestampsWhoseTextOrderIsNotTimeOrder_UsesChronologicalFirstAndLast()
    {
        // Given rows whose text MIN is "…:05.55Z" and text MAX "…:06Z" (450 ms), but which span 05 to 06 in time
        using var agent = AgentDirectory.CreateCurrent();
        var second = Now.AddMinutes(-20);
        Log(agent, second.AddMilliseconds(500), "INFO", "req-1");
        Log(agent, second.AddMilliseconds(550), "INFO", "req-1");
        Log(agent, second, "INFO", "req-1");
        Log(agent, second.AddSeconds(1), "INFO", "req-1");

        // When
        var stats = await ReadAsync(agent);

        // Then
        Assert.Equal(1000, stats.LatencyP50Ms);
    }

    [Fact]
    public async Task ReadAsync_RowsInsideTheBoundarySecond_AreCutOnTheParsedTime()
    {
        // Given "now" with a fraction, and rows just inside and just outside the 24 h boundary,
        // all in the boundary second (the agent's whole-second text bound drops every one that has a fraction)
        using var agent = AgentDirectory.CreateCurrent();
        var now = Now.AddMilliseconds(500);
        var since = now - LogsTable.Window;
        Log(agent, since.AddMilliseconds(250), "ERROR", "inside-1");
        Log(agent, since, "ERROR", "inside-2");
        Log(agent, since.AddMilliseconds(-250), "ERROR", "outside-1");
        Log(agent, since.AddMilliseconds(-500), "ERROR", "outside-2");

        // When
        var stats = await ReadAsync(agent, now);

        // Then only the rows at or after now−24h count
        Assert.Equal(2, stats.Requests);
        Assert.Equal(2, stats.Errors);
    }

    [Fact]
    public async Task ReadAsync_RowsOlderThan24Hours_AreExcluded()
    {
        // Given old rows (errors, a request with a span) and one recent request
        using var agent = AgentDirectory.CreateCurrent();
        Log(agent, Now.AddHours(-25), "ERROR", "old-1");
        Log(agent, Now.AddHours(-25).AddSeconds(3), "INFO", "old-1");
        Log(agent, Now.AddDays(-3), "ERROR", null);
        Log(agent, Now.AddHours(-24).AddSeconds(-1), "INFO", "old-2");
        Log(agent, Now.AddHours(-2), "INFO", "new-1");

        // When
        var stats = await ReadAsync(agent);

        // Then
        Assert.Equal(1, stats.Requests);
        Assert.Equal(0, stats.Errors);
        Assert.Null(stats.LatencyP50Ms);
    }

    [Fact]
    public async Task ReadAsync_NoRequestWithAMeasurableSpan_LatencyIsUnknownNotZero()
    {
        // Given a single-row request and a request whose two rows share a timestamp
        using var agent = AgentDirectory.CreateCurrent();
        Log(agent, Now.AddMinutes(-5), "INFO", "req-1");
        Log(agent, Now.AddMinutes(-4), "INFO", "req-2");
        Log(agent, Now.AddMinutes(-4), "INFO", "req-2");

        // When
        var stats = await ReadAsync(agent);

        // Then
        Assert.Equal(2, stats.Requests);
        Assert.Null(stats.LatencyP50Ms);
        Assert.Null(stats.LatencyP95Ms);
    }

    [Fact]
    public async Task ReadAsync_UnparseableTimestamp_SkipsTheRow()
    {
        // Given a row whose timestamp text passes the text bound but is not a time
        using var agent = AgentDirectory.CreateCurrent();
        AgentSql.Execute(agent.Writer(agent.LogsDb), "INSERT INTO log_entries (timestamp, level, msg, request_id) VALUES ('zzz', 'ERROR', 'm', 'bad')");
        Log(agent, Now.AddMinutes(-1), "INFO", "req-1");

        // When
        var stats = await ReadAsync(agent);

        // Then
        Assert.Equal(1, stats.Requests);
        Assert.Equal(0, stats.Errors);
    }

    [Fact]
    public async Task ReadAsync_FileBytes_IsTheMainFileLength()
    {
        // Given
        using var agent = AgentDirectory.CreateCurrent();
        Log(agent, Now.AddMinutes(-1), "INFO", "req-1");
        agent.Checkpoint(agent.LogsDb);

        // When
        var stats = await ReadAsync(agent);

        // Then
        Assert.Equal(new FileInfo(agent.LogsDb).Length, stats.FileBytes);
        Assert.True(stats.FileBytes > 0);
    }

    [Fact]
    public async Task ReadAsync_OlderAgentLoggingToLogsFolder_ReadsTheLegacyPath()
    {
        // Given an agent from before 2026-05-26: logs/logs.db and no archive/logs.db
        using var agent = AgentDirectory.CreateEmpty();
        Log(agent, Now.AddMinutes(-3), "ERROR", "req-1", agent.LegacyLogsDb);
        Assert.False(File.Exists(agent.LogsDb));

        // When
        var reading = await new LogsReader(AgentPaths.From(agent.Options()), new MemoryRelief()).ReadAsync(Now, CancellationToken.None);

        // Then
        Assert.True(reading.Value is not null, reading.Problem);
        Assert.Equal(1, reading.Value!.Requests);
        Assert.Equal(1, reading.Value.Errors);
    }

    [Fact]
    public async Task ReadAsync_MissingFile_IsUnavailableWithAReason()
    {
        // Given an agent with logging disabled (no logs.db anywhere)
        using var agent = AgentDirectory.CreateEmpty();

        // When
        var reading = await new LogsReader(AgentPaths.From(agent.Options()), new MemoryRelief()).ReadAsync(Now, CancellationToken.None);

        // Then unavailable, not zero, and the file was not created
        Assert.Null(reading.Value);
        Assert.Contains("logs.db", reading.Problem, StringComparison.Ordinal);
        Assert.False(File.Exists(agent.LogsDb));
    }

    [Fact]
    public async Task ReadAsync_RowsOnlyInTheWal_AreSeen()
    {
        // Given a checkpointed schema, then rows the open writer has not checkpointed
        using var agent = AgentDirectory.CreateCurrent();
        agent.Checkpoint(agent.LogsDb);
        Log(agent, Now.AddMinutes(-2), "INFO", "req-1");
        Log(agent, Now.AddMinutes(-2).AddMilliseconds(300), "ERROR", "req-1");
        Assert.True(new FileInfo(agent.LogsDb + "-wal").Length > 0);
        Assert.Equal(0, CountIgnoringWal(agent.LogsDb));

        // When
        var stats = await ReadAsync(agent);

        // Then
        Assert.Equal(1, stats.Requests);
        Assert.Equal(1, stats.Errors);
        Assert.Equal(300, stats.LatencyP50Ms);
    }

    [Fact]
    public async Task ReadAsync_FileThatIsNotSqlite_IsUnavailableWithAReasonAndUntouched()
    {
        // Given random bytes where logs.db should be
        using var agent = AgentDirectory.CreateEmpty();
        var bytes = new byte[8192];
        new Random(42).NextBytes(bytes);
        File.WriteAllBytes(agent.LogsDb, bytes);

        // When
        var reading = await new LogsReader(AgentPaths.From(agent.Options()), new MemoryRelief()).ReadAsync(Now, CancellationToken.None);

        // Then
        Assert.Null(reading.Value);
        Assert.False(string.IsNullOrWhiteSpace(reading.Problem));
        Assert.Equal(bytes, File.ReadAllBytes(agent.LogsDb));
    }

    [Fact]
    public async Task ReadAsync_SqliteFileWithoutLogEntries_IsUnavailableNamingTheTable()
    {
        // Given a SQLite file at the logs path that holds something else
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.LogsDb, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");

        // When
        var reading = await new LogsReader(AgentPaths.From(agent.Options()), new MemoryRelief()).ReadAsync(Now, CancellationToken.None);

        // Then
        Assert.Null(reading.Value);
        Assert.Contains("log_entries", reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_WhileTheAgentWrites_LeavesTheDatabaseAndWalUnchanged()
    {
        // Given rows in the WAL with the writer open
        using var agent = AgentDirectory.CreateCurrent();
        Log(agent, Now.AddMinutes(-2), "INFO", "req-1");
        Log(agent, Now.AddMinutes(-1), "ERROR", "req-1");
        var before = agent.Fingerprint(IsDbOrWal);

        // When
        var stats = await ReadAsync(agent);

        // Then
        Assert.Equal(1, stats.Requests);
        Assert.Equal(before, agent.Fingerprint(IsDbOrWal));
    }

    internal static bool IsDbOrWal(string path) =>
        path.EndsWith(".db", StringComparison.Ordinal) || path.EndsWith(".db-wal", StringComparison.Ordinal);

    private static void Log(AgentDirectory agent, DateTimeOffset at, string level, string? requestId, string? database = null) =>
        agent.AddLog(AgentTime.Rfc3339Nano(at), level, requestId, database);

    private static async Task<LogsFigures> ReadAsync(AgentDirectory agent, DateTimeOffset? now = null)
    {
        var reading = await new LogsReader(AgentPaths.From(agent.Options()), new MemoryRelief()).ReadAsync(now ?? Now, CancellationToken.None);
        Assert.True(reading.Value is not null, reading.Problem);
        return reading.Value!;
    }

    /// <summary>Counts rows in the main file alone: an immutable open does not look at the WAL.</summary>
    private static long CountIgnoringWal(string path)
    {
        using var connection = new SqliteConnection($"Data Source=file:{path}?immutable=1;Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM log_entries";
        return (long)command.ExecuteScalar()!;
    }
}
