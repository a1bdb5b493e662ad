using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Telemetry.AgentSimulator;
using Telemetry.Collection;
using Telemetry.HomeAssistant;
using Telemetry.Hosting;
using Telemetry.Mqtt;
using Telemetry.Options;
using Telemetry.Sources;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Sessions;
using Telemetry.Sources.Tables;
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
        var snapshot = await collector.CollectAsync(CancellationToken.None);

        // Then a snapshot, stamped with the injected time, in which every source says why it is unavailable
        Assert.Equal(Now, snapshot.CollectedAt);
        Assert.All(SourceKeys.All, source =>
        {
            Assert.False(snapshot.IsAvailable(source), $"{source} should be unavailable");
            Assert.False(string.IsNullOrWhiteSpace(snapshot.ProblemOf(source)), $"{source} should give a reason");
        });
        Assert.Null(snapshot.Loops.Value);
        Assert.Null(snapshot.Main.Value);
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
        var snapshot = await collector.CollectAsync(CancellationToken.None);

        // Then
        Assert.False(snapshot.IsAvailable(SourceKey.Logs));
        Assert.True(snapshot.IsAvailable(SourceKey.Main), snapshot.Main.Problem);
        Assert.True(snapshot.IsAvailable(SourceKey.Usage), snapshot.Usage.Problem);
        Assert.True(snapshot.IsAvailable(SourceKey.Attachments), snapshot.Attachments.Problem);
        Assert.Equal(1, snapshot.Main.Value!.ActiveSessions);
        Assert.Equal(10, snapshot.Usage.Value!.InputTokens);
        Assert.Equal(1, snapshot.Attachments.Value!.Total);
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
        var snapshot = await collector.CollectAsync(CancellationToken.None);

        // Then
        Assert.False(snapshot.IsAvailable(SourceKey.Main));
        Assert.True(snapshot.IsAvailable(SourceKey.Usage), snapshot.Usage.Problem);
        Assert.True(snapshot.IsAvailable(SourceKey.Logs), snapshot.Logs.Problem);
        Assert.True(snapshot.IsAvailable(SourceKey.LegacyUsage), snapshot.LegacyUsage.Problem);
        Assert.Equal(5, snapshot.Usage.Value!.InputTokens);
        Assert.Equal(1, snapshot.Logs.Value!.Errors);
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
        var snapshot = await collector.CollectAsync(CancellationToken.None);

        // Then
        Assert.All(SourceKeys.All.Where(s => s != SourceKey.LegacyUsage), source => Assert.True(snapshot.IsAvailable(source), snapshot.ProblemOf(source)));
        Assert.False(snapshot.IsAvailable(SourceKey.LegacyUsage));
        Assert.Equal(1, snapshot.Loops.Value!.Total);
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
        var before = agent.Fingerprint(LogsSourceTests.IsDbOrWal);
        Assert.Contains(before.Keys, f => f.EndsWith("-wal", StringComparison.Ordinal));
        var collector = Create(agent.Options());

        // When
        var snapshot = await collector.CollectAsync(CancellationToken.None);

        // Then the reads succeeded and not a byte of the agent's databases or WALs changed
        Assert.True(snapshot.IsAvailable(SourceKey.Logs), snapshot.Logs.Problem);
        Assert.Equal(1, snapshot.Logs.Value!.Requests);
        Assert.Equal(before, agent.Fingerprint(LogsSourceTests.IsDbOrWal));
    }

    private static Collector Create(TelemetryOptions options) => TestPipeline.Collector(options, new FakeTimeProvider(Now));
}
