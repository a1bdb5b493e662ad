using Telemetry.AgentSimulator;
using Telemetry.Options;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Tables;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Tables;

/// <summary>The logs window kept across a restart: used only when it checks out, and never different from a full read.</summary>
public sealed class KeptWindowTests : IDisposable
{
    private static readonly DateTimeOffset Start = SimulatedDayTests.Start;
    private readonly AgentDirectory _agent = AgentDirectory.CreateCurrent();
    private readonly AgentActivity _activity;
    private readonly AgentPaths _paths;
    private readonly string _state = Directory.CreateTempSubdirectory("thane-kept-").FullName;
    private readonly CapturedLogs _logs = new();

    public KeptWindowTests()
    {
        _activity = new AgentActivity(_agent, seed: 7);
        SimulatedDayTests.WriteHistory(_activity);
        _paths = AgentPaths.From(_agent.Options());
    }

    public void Dispose()
    {
        _logs.Dispose();
        _agent.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Restart_KeptWindow_ReadsOnlyWhatWasWrittenMeanwhileAndEqualsAFullRead()
    {
        // Given a reader that read the day, then a stop that kept its window
        await StopAfterReadingAsync(Start);

        // When the agent writes for 20 minutes while the add-on is stopped, and a new reader starts
        _activity.Write(Start, Start.AddMinutes(20), SimulatedDayTests.RequestsPerMinute);
        var restarted = Reader();
        var figures = await FullRecomputation.AssertLogsMatchAsync(restarted, _paths, Start.AddMinutes(20), "after the restart");

        // Then it read only the new rows, audited what it took back, used the file once, and said so
        Assert.False(restarted.LastRead.IsFull, restarted.LastRead.Reason);
        Assert.True(restarted.LastRead.Audited);
        Assert.InRange(restarted.LastRead.RowsRead, 1, 200);
        Assert.True(figures.Requests > 100, $"{figures.Requests} requests");
        Assert.False(File.Exists(Path.Combine(_state, LogsReader.KeptFileName)));
        Assert.Equal(1, _logs.Count(44));

        // And the cycles after go on from there
        _activity.Write(Start.AddMinutes(20), Start.AddMinutes(21), SimulatedDayTests.RequestsPerMinute);
        await FullRecomputation.AssertLogsMatchAsync(restarted, _paths, Start.AddMinutes(21), "the cycle after");
        Assert.False(restarted.LastRead.IsFull, restarted.LastRead.Reason);
    }

    [Fact]
    public async Task Restart_KeptWindowDamaged_IsThrownAwayAndTheWindowReadInFull()
    {
        // Given a kept window with one byte changed
        await StopAfterReadingAsync(Start);
        var file = Path.Combine(_state, LogsReader.KeptFileName);
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^10] ^= 0x40;
        await File.WriteAllBytesAsync(file, bytes);

        // When a new reader starts
        var restarted = Reader();
        await FullRecomputation.AssertLogsMatchAsync(restarted, _paths, Start.AddMinutes(1), "after the restart");

        // Then the checksum refused it, with one line, and the window was read in full
        Assert.True(restarted.LastRead.IsFull);
        Assert.Equal(1, _logs.Count(39, "checksum"));
    }

    [Fact]
    public async Task Restart_RowsDeletedInsideTheWindowWhileStopped_TheFirstReadAuditsAndReadsInFull()
    {
        // Given a kept window, then rows inside it deleted by another program while the add-on was stopped
        await StopAfterReadingAsync(Start);
        AgentSql.Execute(_agent.Writer(_agent.LogsDb), "DELETE FROM log_entries WHERE level = 'ERROR' AND id < (SELECT MAX(id) FROM log_entries)");

        // When a new reader starts
        var restarted = Reader();
        await FullRecomputation.AssertLogsMatchAsync(restarted, _paths, Start.AddMinutes(1), "after the restart");

        // Then its first read's audit found them missing
        Assert.True(restarted.LastRead.IsFull);
        Assert.Contains("deleted", restarted.LastRead.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_LogsFileReplacedWhileStopped_KeptWindowIsNotUsed()
    {
        // Given a kept window, then logs.db replaced by a copy of itself (the same rows, another file)
        await StopAfterReadingAsync(Start);
        _agent.ReplaceWithCopy(_agent.LogsDb);

        // When a new reader starts
        var restarted = Reader();
        await FullRecomputation.AssertLogsMatchAsync(restarted, _paths, Start.AddMinutes(1), "after the restart");

        // Then the file's identity did not match
        Assert.True(restarted.LastRead.IsFull);
        Assert.Equal(1, _logs.Count(39, "another file"));
    }

    [Fact]
    public async Task Restart_ClockBehindTheKeptWindow_ReadsInFull()
    {
        // Given a window kept at a later time than the restart's clock
        await StopAfterReadingAsync(Start);

        // When
        var restarted = Reader();
        await FullRecomputation.AssertLogsMatchAsync(restarted, _paths, Start.AddMinutes(-5), "after the restart");

        // Then
        Assert.True(restarted.LastRead.IsFull);
        Assert.Contains("clock", restarted.LastRead.Reason, StringComparison.Ordinal);
    }

    private LogsReader Reader() => new(_paths, new MemoryRelief(), kept: new KeptWindows(_state, _logs.For<KeptWindows>()));

    private async Task StopAfterReadingAsync(DateTimeOffset now)
    {
        var kept = new KeptWindows(_state, _logs.For<KeptWindows>());
        var before = new LogsReader(_paths, new MemoryRelief(), kept: kept);
        await FullRecomputation.AssertLogsMatchAsync(before, _paths, now, "before the stop");
        kept.SaveAll();
        Assert.True(File.Exists(Path.Combine(_state, LogsReader.KeptFileName)));
    }
}
