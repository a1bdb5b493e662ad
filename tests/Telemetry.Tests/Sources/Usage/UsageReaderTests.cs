using Telemetry.AgentSimulator;
using Telemetry.Options;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Usage;

/// <summary>24-hour tokens and cost from <c>usage_records</c>, wherever it lives (thane-data-sources §0.1, §2.1, §3).</summary>
public sealed class UsageReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadAsync_RowsInTheWindow_SumsTokensAndCostWithoutCacheTokens()
    {
        // Given two rows, one with many cache-read tokens
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddUsage(Ts(Now.AddHours(-2)), "claude-sonnet", input: 1000, output: 200, cost: 0.25, cacheRead: 50_000);
        agent.AddUsage(Ts(Now.AddHours(-1)), "qwen3:32b", input: 300, output: 40, cost: 0.0);

        // When
        var usage = await ReadAsync(agent);

        // Then cache tokens are not added to input, as in the agent
        Assert.Equal(1300, usage.InputTokens);
        Assert.Equal(240, usage.OutputTokens);
        Assert.Equal(0.25, usage.CostUsd, 9);
    }

    [Fact]
    public async Task ReadAsync_WindowEdges_IsHalfOpen()
    {
        // Given rows exactly at now−24h, one second before it, and exactly at now
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddUsage(Ts(Now - UsageTable.Window), "at-start", input: 1, output: 1, cost: 0.001);
        agent.AddUsage(Ts(Now - UsageTable.Window - TimeSpan.FromSeconds(1)), "before-start", input: 10, output: 10, cost: 0.01);
        agent.AddUsage(Ts(Now), "at-end", input: 100, output: 100, cost: 0.1);
        agent.AddUsage(Ts(Now.AddSeconds(-1)), "last-second", input: 1000, output: 1000, cost: 1.0);

        // When
        var usage = await ReadAsync(agent);

        // Then [now−24h, now): the start row and the last second are in, the others out
        Assert.Equal(1001, usage.InputTokens);
        Assert.Equal(1001, usage.OutputTokens);
        Assert.Equal(["last-second", "at-start"], usage.ByModel.Select(m => m.Model));
    }

    [Fact]
    public async Task ReadAsync_SeveralModels_GroupsByModelOrderedByCostDescending()
    {
        // Given three models, with one model on two rows
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddUsage(Ts(Now.AddHours(-3)), "cheap", input: 5000, output: 100, cost: 0.05);
        agent.AddUsage(Ts(Now.AddHours(-3)), "dear", input: 100, output: 50, cost: 1.50);
        agent.AddUsage(Ts(Now.AddHours(-2)), "middle", input: 200, output: 20, cost: 0.40);
        agent.AddUsage(Ts(Now.AddHours(-1)), "dear", input: 300, output: 70, cost: 0.75);

        // When
        var usage = await ReadAsync(agent);

        // Then
        Assert.Equal(["dear", "middle", "cheap"], usage.ByModel.Select(m => m.Model));
        var dear = usage.ByModel[0];
        Assert.Equal(400, dear.InputTokens);
        Assert.Equal(120, dear.OutputTokens);
        Assert.Equal(2.25, dear.CostUsd, 9);
        Assert.Equal(2.70, usage.CostUsd, 9);
    }

    [Fact]
    public async Task ReadAsync_TableWithNoRowsInTheWindow_IsAvailableWithZeros()
    {
        // Given only an old row
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddUsage(Ts(Now.AddDays(-2)), "old", input: 9, output: 9, cost: 9);

        // When
        var usage = await ReadAsync(agent);

        // Then zero is a real reading here: the table exists
        Assert.Equal(0, usage.InputTokens);
        Assert.Equal(0, usage.OutputTokens);
        Assert.Equal(0, usage.CostUsd);
        Assert.Empty(usage.ByModel);
    }

    [Fact]
    public async Task ReadAsync_OlderAgentWithUsageDb_ReadsTheLegacyFile()
    {
        // Given an agent from before 2026-03-30: thane.db without usage_records, usage.db with it
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.MainDb, AgentSchema.Sessions);
        agent.AddUsage(Ts(Now.AddHours(-1)), "legacy-model", input: 70, output: 7, cost: 0.07, database: agent.UsageDb);

        // When
        var usage = await ReadAsync(agent);

        // Then
        Assert.Equal(70, usage.InputTokens);
        Assert.Equal("legacy-model", Assert.Single(usage.ByModel).Model);
    }

    [Fact]
    public async Task ReadAsync_TableInBothFiles_PrefersTheMainDatabase()
    {
        // Given a migrated agent whose stale usage.db still exists
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddUsage(Ts(Now.AddHours(-1)), "current", input: 11, output: 1, cost: 0.01);
        agent.AddUsage(Ts(Now.AddHours(-1)), "stale", input: 99, output: 9, cost: 0.09, database: agent.UsageDb);

        // When
        var usage = await ReadAsync(agent);

        // Then
        Assert.Equal(11, usage.InputTokens);
        Assert.Equal("current", Assert.Single(usage.ByModel).Model);
    }

    [Fact]
    public async Task ReadAsync_NoUsageTableAnywhere_IsUnavailableNamingTheTable()
    {
        // Given thane.db without usage_records and no usage.db
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.MainDb, AgentSchema.Sessions);

        // When
        var reading = await new UsageReader(AgentPaths.From(agent.Options()), TimeProvider.System, new MemoryRelief()).ReadAsync(Now, CancellationToken.None);

        // Then
        Assert.Null(reading.Value);
        Assert.Contains("usage_records", reading.Problem, StringComparison.Ordinal);
        Assert.False(File.Exists(agent.UsageDb));
    }

    [Fact]
    public async Task ReadAsync_NoDatabaseFilesAtAll_IsUnavailable()
    {
        // Given
        using var agent = AgentDirectory.CreateEmpty();

        // When
        var reading = await new UsageReader(AgentPaths.From(agent.Options()), TimeProvider.System, new MemoryRelief()).ReadAsync(Now, CancellationToken.None);

        // Then
        Assert.Null(reading.Value);
        Assert.False(string.IsNullOrWhiteSpace(reading.Problem));
        Assert.False(File.Exists(agent.MainDb));
    }

    private static string Ts(DateTimeOffset at) => AgentTime.Rfc3339(at);

    private static async Task<UsageWindowFigures> ReadAsync(AgentDirectory agent)
    {
        var reading = await new UsageReader(AgentPaths.From(agent.Options()), TimeProvider.System, new MemoryRelief()).ReadAsync(Now, CancellationToken.None);
        Assert.True(reading.Value is not null, reading.Problem);
        return reading.Value.Window;
    }
}
