using Microsoft.Extensions.Time.Testing;
using Telemetry.AgentSimulator;
using Telemetry.Collection;
using Telemetry.Hosting;
using Telemetry.Options;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.HistoryImport;
using Telemetry.Sources.LegacyUsage;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Main;
using Telemetry.Sources.Usage;
using Telemetry.Testing;
using Telemetry.Tests.Sources.Logs;

namespace Telemetry.Tests.Collection;

/// <summary>One collection over every source (thane-data-sources §3, §6 "all sources nil").</summary>
public sealed class CollectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CollectAsync_NoSourceExists_EverySourceIsUnavailableAndNothingThrows()
    {
        // Given an empty agent folder and no agent_url
        using var agent = AgentDirectory.CreateEmpty();
        var collector = Create(agent.Options());

        // When
        var cycle = await collector.CollectAsync(CancellationToken.None);

        // Then readings, stamped with the injected time, in which every source of the agent says why it is unavailable
        // (the history import's status is the add-on's own, not the agent's)
        Assert.Equal(Now, cycle.CollectedAt);
        Assert.Equal(TelemetrySources.All.Select(s => s.Sensors.Source), cycle.Sources);
        Assert.All(cycle.Sources.Where(s => s != HistoryImportSource.Key), source =>
        {
            Assert.False(cycle.IsAvailable(source), $"{source} should be unavailable");
            Assert.False(string.IsNullOrWhiteSpace(cycle.Of(source).Problem), $"{source} should give a reason");
        });
        Assert.Null(cycle.Of(LoopsSource.Key).Value);
        Assert.Null(cycle.Of(MainSource.Key).Value);
    }

    [Fact]
    public async Task CollectAsync_LogsDatabaseCorrupt_OtherSourcesStillRead()
    {
        // Given a current agent whose logs.db has been overwritten with garbage
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddSession("s1", AgentTime.Rfc3339Nano(Now.AddHours(-1)));
        agent.AddUsage(AgentTime.Rfc3339(Now.AddHours(-1)), "m", input: 10, output: 2, cost: 0.5);
        agent.AddAttachment("h", 100);
        File.WriteAllBytes(agent.LogsDb + ".garbage", Enumerable.Repeat((byte)0xAB, 4096).ToArray());
        var options = agent.Options() with { LogsDb = agent.LogsDb + ".garbage" };
        var collector = Create(options);

        // When
        var cycle = await collector.CollectAsync(CancellationToken.None);

        // Then
        Assert.False(cycle.IsAvailable(LogsSource.Key));
        Assert.True(cycle.IsAvailable(MainSource.Key), cycle.Of(MainSource.Key).Problem);
        Assert.True(cycle.IsAvailable(UsageSource.Key), cycle.Of(UsageSource.Key).Problem);
        Assert.True(cycle.IsAvailable(AttachmentsSource.Key), cycle.Of(AttachmentsSource.Key).Problem);
        Assert.Equal(1, cycle.Of(MainSource.Key).Value!.ActiveSessions);
        Assert.Equal(10, cycle.Of(UsageSource.Key).Value!.Window.InputTokens);
        Assert.Equal(1, cycle.Of(AttachmentsSource.Key).Value!.Total);
    }

    [Fact]
    public async Task CollectAsync_MainDatabaseMissing_UsageFromLegacyFileAndLogsStillRead()
    {
        // Given no thane.db, but usage.db and logs.db
        using var agent = AgentDirectory.CreateEmpty();
        agent.AddUsage(AgentTime.Rfc3339(Now.AddHours(-1)), "m", input: 5, output: 1, cost: 0.1, database: agent.UsageDb);
        agent.AddLog(AgentTime.Rfc3339Nano(Now.AddMinutes(-1)), "ERROR", "req-1");
        var collector = Create(agent.Options());

        // When
        var cycle = await collector.CollectAsync(CancellationToken.None);

        // Then
        Assert.False(cycle.IsAvailable(MainSource.Key));
        Assert.True(cycle.IsAvailable(UsageSource.Key), cycle.Of(UsageSource.Key).Problem);
        Assert.True(cycle.IsAvailable(LogsSource.Key), cycle.Of(LogsSource.Key).Problem);
        Assert.True(cycle.IsAvailable(LegacyUsageSource.Key), cycle.Of(LegacyUsageSource.Key).Problem);
        Assert.Equal(5, cycle.Of(UsageSource.Key).Value!.Window.InputTokens);
        Assert.Equal(1, cycle.Of(LogsSource.Key).Value!.Errors);
    }

    [Fact]
    public async Task CollectAsync_CurrentAgentWithLoopsApi_ReadsEverySourceItHas()
    {
        // Given a current agent (no usage.db) and its loops API
        using var agent = AgentDirectory.CreateCurrent();
        await using var api = await HttpStub.StartAsync();
        AgentApi.Serve(api, ("1", "core", null, "pending", 0));
        var collector = Create(agent.Options(api.BaseUrl));

        // When
        var cycle = await collector.CollectAsync(CancellationToken.None);

        // Then
        Assert.All(cycle.Sources.Where(s => s != LegacyUsageSource.Key), source => Assert.True(cycle.IsAvailable(source), cycle.Of(source).Problem));
        Assert.False(cycle.IsAvailable(LegacyUsageSource.Key));
        Assert.Equal(1, cycle.Of(LoopsSource.Key).Value!.Total);
    }

    [Fact]
    public async Task CollectAsync_AgentWritingInWalMode_LeavesDatabaseAndWalFilesUnchanged()
    {
        // Given an agent with uncheckpointed rows in every database and its writers open
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddSession("s1", AgentTime.Rfc3339Nano(Now.AddHours(-1)));
        agent.AddUsage(AgentTime.Rfc3339(Now.AddHours(-1)), "m", input: 10, output: 2, cost: 0.5);
        agent.AddUsage(AgentTime.Rfc3339(Now.AddHours(-1)), "m", input: 1, output: 1, cost: 0.1, database: agent.UsageDb);
        agent.AddLog(AgentTime.Rfc3339Nano(Now.AddMinutes(-2)), "INFO", "req-1");
        agent.AddLog(AgentTime.Rfc3339Nano(Now.AddMinutes(-1)), "ERROR", "req-1");
        agent.AddAttachment("h", 100);
        var before = agent.Fingerprint(LogsReaderTests.IsDbOrWal);
        Assert.Contains(before.Keys, f => f.EndsWith("-wal", StringComparison.Ordinal));
        var collector = Create(agent.Options());

        // When
        var cycle = await collector.CollectAsync(CancellationToken.None);

        // Then the reads succeeded and not a byte of the agent's databases or WALs changed
        Assert.True(cycle.IsAvailable(LogsSource.Key), cycle.Of(LogsSource.Key).Problem);
        Assert.Equal(1, cycle.Of(LogsSource.Key).Value!.Requests);
        Assert.Equal(before, agent.Fingerprint(LogsReaderTests.IsDbOrWal));
    }

    private static Collector Create(TelemetryOptions options) => TestPipeline.Collector(options, new FakeTimeProvider(Now));
}
