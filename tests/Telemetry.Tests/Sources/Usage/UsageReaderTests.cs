using System.Globalization;
using Telemetry.AgentSimulator;
using Telemetry.Options;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;
using Telemetry.Testing;
using Telemetry.Tests.Sources.Tables;

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

    [Fact]
    public async Task ReadAsync_ValuesNotOfTheAgentsForm_ReadAsTheSpecificationsSqlReadsThem()
    {
        // Given rows another program could have written: timestamps in other forms, a timestamp that is a blob, numbers
        // stored as text, a number where a model name belongs, and models, providers and roles repeated many times
        using var agent = AgentDirectory.CreateCurrent();
        var writer = agent.Writer(agent.MainDb);
        var rows = new (object Timestamp, object Model, object Input, object Cost)[]
        {
            (Ts(Now.AddHours(-3)), "claude-sonnet", 1000L, 0.25),
            (Now.AddHours(-2).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), "claude-sonnet", 10L, 0.5),
            (Now.AddHours(-2).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), "qwen3:32b", 20L, 0.125),
            (new byte[] { 0x32, 0x30, 0x32, 0x36 }, "claude-sonnet", 40L, 1.0),
            (Ts(Now.AddHours(-1)), 42L, "7", "0.75"),
            (Ts(Now.AddMinutes(-30)), "claude-sonnet", "not a number", 0.0625),
            (Ts(Now.AddMinutes(-20)), "modèle-é", 5L, 0.03125),
        };
        foreach (var (timestamp, model, input, cost) in rows)
        {
            AgentSql.Execute(writer, """
                INSERT INTO usage_records (id, timestamp, request_id, model, provider, input_tokens, output_tokens, cost_usd, role)
                VALUES ($id, $ts, 'r', $model, 'p', $in, 3, $cost, 'interactive')
                """, ("$id", Guid.NewGuid().ToString()), ("$ts", timestamp), ("$model", model), ("$in", input), ("$cost", cost));
        }

        // When it is read, then every figure is what the specification's SQL gives, and a second reader agrees
        var usage = new UsageReader(AgentPaths.From(agent.Options()), FullRecomputation.Clock(Now, TimeZoneInfo.Utc), new MemoryRelief());
        var figures = await FullRecomputation.AssertUsageMatchesAsync(usage, AgentPaths.From(agent.Options()), Now, "odd values", TimeZoneInfo.Utc);
        Assert.Equal(7, figures.Totals!.Lifetime.Rows);
        Assert.Contains(figures.Window.ByModel, m => m.Model == "42");
        Assert.Contains(figures.Window.ByModel, m => m.Model == "modèle-é");
    }

    private static string Ts(DateTimeOffset at) => AgentTime.Rfc3339(at);

    private static async Task<UsageWindowFigures> ReadAsync(AgentDirectory agent)
    {
        var reading = await new UsageReader(AgentPaths.From(agent.Options()), TimeProvider.System, new MemoryRelief()).ReadAsync(Now, CancellationToken.None);
        Assert.True(reading.Value is not null, reading.Problem);
        return reading.Value.Window;
    }
}
