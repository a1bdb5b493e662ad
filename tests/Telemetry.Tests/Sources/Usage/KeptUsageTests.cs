using Telemetry.AgentSimulator;
using Telemetry.Options;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;
using Telemetry.Testing;
using Telemetry.Tests.Sources.Tables;

namespace Telemetry.Tests.Sources.Usage;

/// <summary>The usage window and lifetime totals kept across a restart: used only when they check out, never different from a full read.</summary>
public sealed class KeptUsageTests : IDisposable
{
    private static readonly DateTimeOffset Start = SimulatedDayTests.Start;
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly AgentDirectory _agent = AgentDirectory.CreateCurrent();
    private readonly AgentActivity _activity;
    private readonly AgentPaths _paths;
    private readonly string _state = Directory.CreateTempSubdirectory("thane-kept-usage-").FullName;
    private readonly CapturedLogs _logs = new();

    public KeptUsageTests()
    {
        _activity = new AgentActivity(_agent, seed: 11);
        _activity.Write(Start - TimeSpan.FromDays(3), Start, SimulatedDayTests.RequestsPerMinute);
        _paths = AgentPaths.From(_agent.Options());
    }

    public void Dispose()
    {
        _logs.Dispose();
        _agent.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Restart_KeptTotals_ReadsOnlyWhatWasWrittenMeanwhileAndEqualsAFullRead()
    {
        // Given a reader that read three days of usage, then a stop that kept its window and totals
        await StopAfterReadingAsync(Start, Berlin);

        // When the agent writes for 20 minutes while the add-on is stopped, and a new reader starts
        _activity.Write(Start, Start.AddMinutes(20), SimulatedDayTests.RequestsPerMinute);
        var restarted = Reader(Start.AddMinutes(20), Berlin);
        var figures = await FullRecomputation.AssertUsageMatchesAsync(restarted, _paths, Start.AddMinutes(20), "after the restart", Berlin);

        // Then it read only the new rows, audited what it took back, used the file once, and said so
        Assert.False(restarted.LastRead.IsFull, restarted.LastRead.Reason);
        Assert.True(restarted.LastRead.Audited);
        Assert.InRange(restarted.LastRead.RowsRead, 1, 100);
        Assert.True(figures.Totals!.Lifetime.Rows > 1000, $"{figures.Totals.Lifetime.Rows} rows");
        Assert.False(File.Exists(Path.Combine(_state, UsageReader.KeptFileName)));
        Assert.Equal(1, _logs.Count(44, "usage_records"));

        // And the cycles after go on from there
        _activity.Write(Start.AddMinutes(20), Start.AddMinutes(21), SimulatedDayTests.RequestsPerMinute);
        await FullRecomputation.AssertUsageMatchesAsync(restarted, _paths, Start.AddMinutes(21), "the cycle after", Berlin);
        Assert.False(restarted.LastRead.IsFull, restarted.LastRead.Reason);
    }

    [Fact]
    public async Task Restart_TimeZoneChangedWhileStopped_KeptTotalsAreNotUsed()
    {
        // Given totals kept with days counted in Berlin
        await StopAfterReadingAsync(Start, Berlin);

        // When the add-on starts again in UTC (Home Assistant's time zone changed)
        var restarted = Reader(Start.AddMinutes(1), TimeZoneInfo.Utc);
        await FullRecomputation.AssertUsageMatchesAsync(restarted, _paths, Start.AddMinutes(1), "after the restart", TimeZoneInfo.Utc);

        // Then the kept days were refused with one line naming both zones, and everything was read again
        Assert.True(restarted.LastRead.IsFull);
        Assert.Equal(1, _logs.Count(39, "Europe/Berlin"));
    }

    [Fact]
    public async Task Restart_UsageRowsDeletedWhileStopped_TheFirstReadAuditsAndReadsInFull()
    {
        // Given kept totals, then old usage rows deleted by another program while the add-on was stopped
        await StopAfterReadingAsync(Start, Berlin);
        AgentSql.Execute(_agent.Writer(_agent.MainDb), "DELETE FROM usage_records WHERE rowid < 20");

        // When a new reader starts
        var restarted = Reader(Start.AddMinutes(1), Berlin);
        await FullRecomputation.AssertUsageMatchesAsync(restarted, _paths, Start.AddMinutes(1), "after the restart", Berlin);

        // Then its first read's audit found the table smaller than the totals
        Assert.True(restarted.LastRead.IsFull);
        Assert.Contains("deleted", restarted.LastRead.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_MainDatabaseReplacedWhileStopped_KeptTotalsAreNotUsed()
    {
        // Given kept totals, then thane.db replaced by a copy of itself (the same rows, another file)
        await StopAfterReadingAsync(Start, Berlin);
        _agent.ReplaceWithCopy(_agent.MainDb);

        // When a new reader starts
        var restarted = Reader(Start.AddMinutes(1), Berlin);
        await FullRecomputation.AssertUsageMatchesAsync(restarted, _paths, Start.AddMinutes(1), "after the restart", Berlin);

        // Then the file's identity did not match
        Assert.True(restarted.LastRead.IsFull);
        Assert.Equal(1, _logs.Count(39, "another file"));
    }

    private UsageReader Reader(DateTimeOffset now, TimeZoneInfo zone) =>
        new(_paths, FullRecomputation.Clock(now, zone), new MemoryRelief(), kept: new KeptWindows(_state, _logs.For<KeptWindows>()));

    private async Task StopAfterReadingAsync(DateTimeOffset now, TimeZoneInfo zone)
    {
        var kept = new KeptWindows(_state, _logs.For<KeptWindows>());
        var before = new UsageReader(_paths, FullRecomputation.Clock(now, zone), new MemoryRelief(), kept: kept);
        await FullRecomputation.AssertUsageMatchesAsync(before, _paths, now, "before the stop", zone);
        kept.SaveAll();
        Assert.True(File.Exists(Path.Combine(_state, UsageReader.KeptFileName)));
    }
}
