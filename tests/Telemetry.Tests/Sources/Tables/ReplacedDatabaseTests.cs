using Microsoft.Data.Sqlite;
using Telemetry.AgentSimulator;
using Telemetry.Options;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Tables;

/// <summary>What was read is no longer what is there: the file replaced, rewound, vacuumed, moved, or the clock set back.</summary>
public sealed class ReplacedDatabaseTests : IDisposable
{
    private static readonly DateTimeOffset Now = SimulatedDayTests.Start;

    private readonly AgentDirectory _agent = AgentDirectory.CreateCurrent();
    private readonly AgentActivity _activity;
    private readonly AgentPaths _paths;
    private readonly LogsReader _logs;
    private readonly UsageReader _usage;

    public ReplacedDatabaseTests()
    {
        _activity = new AgentActivity(_agent, seed: 3);
        _activity.Write(Now.AddDays(-2), Now, requestsPerMinute: 0.3);
        _paths = AgentPaths.From(_agent.Options());
        _logs = new LogsReader(_paths, new MemoryRelief());
        _usage = new UsageReader(_paths, TimeProvider.System, new MemoryRelief());
    }

    [Fact]
    public async Task ReadAsync_LogsFileReplacedByOneWithFewerRows_ReadsEverythingAgain()
    {
        // Given a first read, then logs.db swapped for a younger agent's with fewer rows
        await BothMatchAsync(Now);
        var before = await FullRecomputation.AssertLogsMatchAsync(_logs, _paths, Now);
        Replace(_agent.LogsDb, AgentSchema.LogEntries, db =>
        {
            for (var i = 0; i < 5; i++)
            {
                Insert(db, "INSERT INTO log_entries (timestamp, level, msg, request_id) VALUES ($ts, 'ERROR', 'm', 'other-1')", AgentTime.Rfc3339Nano(Now.AddMinutes(-i)));
            }
        });

        // When
        var after = await FullRecomputation.AssertLogsMatchAsync(_logs, _paths, Now.AddMinutes(1), "after the swap");

        // Then the new file's figures, from a full read
        Assert.True(_logs.LastRead.IsFull, _logs.LastRead.Reason);
        Assert.Equal(1, after.Requests);
        Assert.Equal(5, after.Errors);
        Assert.NotEqual(before.Requests, after.Requests);
    }

    [Fact]
    public async Task ReadAsync_LogsFileReplacedByALargerOneWithOtherRows_ReadsEverythingAgain()
    {
        // Given a first read, then logs.db swapped for another agent's holding more rows than were read
        await BothMatchAsync(Now);
        var other = AgentDirectory.CreateCurrent();
        new AgentActivity(other, seed: 99).Write(Now.AddDays(-3), Now, requestsPerMinute: 0.5);
        other.CloseWriters();
        _agent.CloseWriter(_agent.LogsDb);
        DeleteDatabase(_agent.LogsDb);
        File.Copy(other.LogsDb, _agent.LogsDb);
        other.Dispose();

        // When
        await FullRecomputation.AssertLogsMatchAsync(_logs, _paths, Now.AddMinutes(1), "after the swap");

        // Then the row last read is not the same row any more
        Assert.True(_logs.LastRead.IsFull, _logs.LastRead.Reason);
        Assert.Contains("row last read", _logs.LastRead.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DatabasesRestoredFromAnOlderCopy_ReadsEverythingAgain()
    {
        // Given copies of both files taken an hour ago, a read since, and then the copies restored (rewound)
        _agent.CloseWriters();
        var logsCopy = Path.Combine(_agent.Root, "logs.copy");
        var mainCopy = Path.Combine(_agent.Root, "thane.copy");
        File.Copy(_agent.LogsDb, logsCopy);
        File.Copy(_agent.MainDb, mainCopy);
        _activity.Write(Now, Now.AddHours(1), requestsPerMinute: 2);
        await BothMatchAsync(Now.AddHours(1));
        _agent.CloseWriters();
        DeleteDatabase(_agent.LogsDb);
        DeleteDatabase(_agent.MainDb);
        File.Copy(logsCopy, _agent.LogsDb);
        File.Copy(mainCopy, _agent.MainDb);

        // When
        await BothMatchAsync(Now.AddHours(1).AddMinutes(1), "after the restore");

        // Then
        Assert.True(_logs.LastRead.IsFull, _logs.LastRead.Reason);
        Assert.True(_usage.LastRead.IsFull, _usage.LastRead.Reason);
    }

    [Fact]
    public async Task ReadAsync_RowsRewoundThenWrittenAgain_ReadsEverythingAgain()
    {
        // Given a read, then the newest rows deleted and as many others written (usage rowids are handed out again)
        await BothMatchAsync(Now);
        AgentSql.Execute(_agent.Writer(_agent.LogsDb), "DELETE FROM log_entries WHERE id > (SELECT MAX(id) - 20 FROM log_entries)");
        AgentSql.Execute(_agent.Writer(_agent.LogsDb), "DELETE FROM sqlite_sequence WHERE name = 'log_entries'");
        AgentSql.Execute(_agent.Writer(_agent.MainDb), "DELETE FROM usage_records WHERE rowid > (SELECT MAX(rowid) - 5 FROM usage_records)");
        _activity.Write(Now, Now.AddMinutes(30), requestsPerMinute: 1);

        // When
        await BothMatchAsync(Now.AddMinutes(30), "after the rewind");

        // Then
        Assert.True(_logs.LastRead.IsFull, _logs.LastRead.Reason);
        Assert.True(_usage.LastRead.IsFull, _usage.LastRead.Reason);
    }

    [Fact]
    public async Task ReadAsync_DatabasesVacuumedAfterOldRowsWereDeleted_StillEqualAFullRead()
    {
        // Given a read, then old rows deleted and both files vacuumed (VACUUM may renumber usage rowids)
        await BothMatchAsync(Now);
        AgentSql.Execute(_agent.Writer(_agent.LogsDb), "DELETE FROM log_entries WHERE timestamp < $cutoff", ("$cutoff", AgentTime.Rfc3339Nano(Now.AddHours(-30))));
        AgentSql.Execute(_agent.Writer(_agent.MainDb), "DELETE FROM usage_records WHERE rowid % 3 = 0 AND timestamp < $cutoff", ("$cutoff", AgentTime.Rfc3339(Now.AddHours(-30))));
        AgentSql.Execute(_agent.Writer(_agent.LogsDb), "VACUUM");
        AgentSql.Execute(_agent.Writer(_agent.MainDb), "VACUUM");
        _agent.Checkpoint(_agent.LogsDb);
        _agent.Checkpoint(_agent.MainDb);
        _activity.Write(Now, Now.AddMinutes(5));

        // When, then (the agent never deletes usage rows: deleted ones reach the lifetime totals at the next audit)
        await BothMatchAsync(Now.AddMinutes(5), "after VACUUM", usageRowsDeletedOutsideTheWindow: true);
        await BothMatchAsync(Now.AddMinutes(6), "the read after", usageRowsDeletedOutsideTheWindow: true);
        Assert.False(_logs.LastRead.IsFull, _logs.LastRead.Reason);
        await BothMatchAsync(Now.AddMinutes(5) + IncrementalSettings.Default.AuditPeriod, "after the next audit");
        Assert.True(_usage.LastRead.IsFull, _usage.LastRead.Reason);
        Assert.Contains("deleted", _usage.LastRead.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ClockSetBack_ReadsEverythingAgain()
    {
        // Given a read at now, then rows written
        await BothMatchAsync(Now);
        _activity.Write(Now, Now.AddMinutes(10), requestsPerMinute: 1);

        // When the clock is an hour behind at the next read
        await BothMatchAsync(Now.AddHours(-1), "an hour back");

        // Then rows that had left the window are back in it
        Assert.True(_logs.LastRead.IsFull, _logs.LastRead.Reason);
        Assert.True(_usage.LastRead.IsFull, _usage.LastRead.Reason);
    }

    [Fact]
    public async Task ReadAsync_SourceGoneThenBack_IsUnavailableThenReadInFull()
    {
        // Given a read, then logs.db removed
        await BothMatchAsync(Now);
        _agent.CloseWriter(_agent.LogsDb);
        File.Move(_agent.LogsDb, _agent.LogsDb + ".away");

        // When
        var gone = await _logs.ReadAsync(Now.AddMinutes(1), CancellationToken.None);
        File.Move(_agent.LogsDb + ".away", _agent.LogsDb);
        _activity.Write(Now, Now.AddMinutes(2));

        // Then unavailable, and once back, read in full and right
        Assert.Null(gone.Value);
        await FullRecomputation.AssertLogsMatchAsync(_logs, _paths, Now.AddMinutes(2), "back");
        Assert.True(_logs.LastRead.IsFull, _logs.LastRead.Reason);
    }

    [Fact]
    public async Task ReadAsync_AgentUpgradedFromTheLegacyLogsFolder_ReadsTheNewFileInFull()
    {
        // Given an older agent logging to logs/logs.db, read once
        using var agent = AgentDirectory.CreateEmpty();
        agent.AddLog(AgentTime.Rfc3339Nano(Now.AddMinutes(-5)), "ERROR", "old-1", agent.LegacyLogsDb);
        var paths = AgentPaths.From(agent.Options());
        var logs = new LogsReader(paths, new MemoryRelief());
        Assert.Equal(1, (await FullRecomputation.AssertLogsMatchAsync(logs, paths, Now)).Errors);

        // When the upgraded agent starts archive/logs.db
        agent.AddLog(AgentTime.Rfc3339Nano(Now.AddMinutes(-1)), "INFO", "new-1");
        var stats = await FullRecomputation.AssertLogsMatchAsync(logs, paths, Now.AddMinutes(1));

        // Then
        Assert.True(logs.LastRead.IsFull, logs.LastRead.Reason);
        Assert.Equal(0, stats.Errors);
        Assert.Equal(1, stats.Requests);
    }

    public void Dispose() => _agent.Dispose();

    private async Task BothMatchAsync(DateTimeOffset now, string context = "", bool usageRowsDeletedOutsideTheWindow = false)
    {
        await FullRecomputation.AssertLogsMatchAsync(_logs, _paths, now, context);
        await FullRecomputation.AssertUsageMatchesAsync(_usage, _paths, now, context, rowsDeletedOutsideTheWindow: usageRowsDeletedOutsideTheWindow);
    }

    private void Replace(string path, string schema, Action<SqliteConnection> fill)
    {
        _agent.CloseWriter(path);
        DeleteDatabase(path);
        fill(_agent.Writer(path, schema));
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static void Insert(SqliteConnection connection, string sql, string timestamp) => AgentSql.Execute(connection, sql, ("$ts", timestamp));

}
