using System.Text.Json;
using Telemetry.HomeAssistant;
using Telemetry.Sources;
using Telemetry.Sources.Agent;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Usage;
using Telemetry.Testing;

namespace Telemetry.Tests.HomeAssistant;

/// <summary>What the lifetime, calendar, prompt-cache and health entities publish, from a snapshot with known figures (<see cref="TestReadings"/>).</summary>
public sealed class AddedSensorStatesTests
{
    private readonly RecordingSink _sink = new();
    private readonly TestHomeAssistant _homeAssistant;

    public AddedSensorStatesTests() => _homeAssistant = new TestHomeAssistant(_sink);

    [Fact]
    public async Task PublishAsync_LifetimeCounters_AreTheExactSumsWithTheirBreakdowns()
    {
        // When
        await PublishAsync(TestReadings.Create([]));

        // Then
        Assert.Equal("1.500000", State("cost_total"));
        Assert.Equal("1000", State("tokens_total_input"));
        Assert.Equal("400", State("tokens_total_cache_read"));
        Assert.Equal("100", State("tokens_total_cache_write"));
        using var cost = JsonDocument.Parse(Attributes("cost_total"));
        Assert.Equal(1.0m, cost.RootElement.GetProperty("by_role").GetProperty("interactive").GetDecimal());
        Assert.Equal(0.5m, cost.RootElement.GetProperty("by_role").GetProperty("scheduler").GetDecimal());
        Assert.Equal(1.5m, cost.RootElement.GetProperty("by_provider").GetProperty("anthropic").GetDecimal());
        using var input = JsonDocument.Parse(Attributes("tokens_total_input"));
        Assert.Equal(1000, input.RootElement.GetProperty("by_model").GetProperty("m1").GetInt64());
    }

    [Fact]
    public async Task PublishAsync_CalendarTotals_CarryTheValueAndWhenThePeriodBegan()
    {
        // When
        await PublishAsync(TestReadings.Create([]));

        // Then
        Assert.Equal("""{"value":0.123410,"last_reset":"2026-11-24T00:00:00+00:00"}""", State("cost_today"));
        Assert.Equal("""{"value":1.500000,"last_reset":"2026-11-01T00:00:00+00:00"}""", State("cost_this_month"));
        Assert.Equal("""{"value":100,"last_reset":"2026-11-24T00:00:00+00:00"}""", State("tokens_today_input"));
        Assert.Equal("""{"value":20,"last_reset":"2026-11-24T00:00:00+00:00"}""", State("tokens_today_output"));
    }

    [Fact]
    public async Task PublishAsync_PromptCache_CountsReadsOverAllInputThatCouldHaveBeenCached()
    {
        // When 40 cache reads, 10 cache writes and 100 uncached input tokens in 24 hours
        await PublishAsync(TestReadings.Create([]));

        // Then
        Assert.Equal("40", State("tokens_24h_cache_read"));
        Assert.Equal("10", State("tokens_24h_cache_write"));
        Assert.Equal("26.7", State("cache_hit_rate_24h"));
    }

    [Fact]
    public async Task PublishAsync_NoInputAtAll_CacheHitRateIsUnknown()
    {
        // When
        await PublishAsync(TestReadings.Create([]).With(UsageSource.Key, TestReadings.Usage with { Window = TestReadings.Usage.Window with { InputTokens = 0, CacheReadTokens = 0, CacheWriteTokens = 0 } }));

        // Then
        Assert.Equal(StateText.Unknown, State("cache_hit_rate_24h"));
    }

    [Fact]
    public async Task PublishAsync_SourceFails_ItsProblemSensorIsOnWithTheReasonAndTheOthersOff()
    {
        // When
        await PublishAsync(TestReadings.Create([]).With(LogsSource.Key, Reading<LogsFigures>.Unavailable("SQLite error 5: database is locked")));

        // Then
        Assert.Equal("ON", State("source_logs_problem"));
        Assert.Equal("""{"reason":"SQLite error 5: database is locked"}""", Attributes("source_logs_problem"));
        Assert.Equal("OFF", State("source_main_problem"));
        Assert.Equal("{}", Attributes("source_main_problem"));
    }

    [Fact]
    public async Task PublishAsync_LegacyUsageFileAbsent_HasNoProblemSensor()
    {
        // When a current agent (no usage.db) is published
        await PublishAsync(TestReadings.Create([], legacyUsageFile: false));

        // Then a file that never exists is not a problem to show
        using var discovery = JsonDocument.Parse(_sink.Last(_homeAssistant.Topics.Discovery)!);
        Assert.False(discovery.RootElement.GetProperty("components").TryGetProperty("source_legacy_usage_problem", out _));
        Assert.True(discovery.RootElement.GetProperty("components").TryGetProperty("source_main_problem", out _));
    }

    [Fact]
    public async Task PublishAsync_Agent_GivesHealthVersionStartAndWhenTheCycleFinished()
    {
        // When
        await PublishAsync(TestReadings.Create([]));

        // Then
        Assert.Equal("healthy", State("agent_health"));
        Assert.Equal("0.9.2", State("agent_version"));
        Assert.Equal("""{"git_commit":"3229ecc7"}""", Attributes("agent_version"));
        Assert.Equal("2026-11-24T08:00:00+00:00", State("agent_started"));
        Assert.Equal("2026-11-24T12:00:00+00:00", State("last_collection"));
        using var dependencies = JsonDocument.Parse(Attributes("agent_health"));
        Assert.True(dependencies.RootElement.GetProperty("homeassistant").GetProperty("ready").GetBoolean());
    }

    [Theory]
    [InlineData("starting")]
    [InlineData("")]
    public async Task PublishAsync_AgentStatusNotAnOption_HealthIsUnknownNotRejected(string status)
    {
        // When
        await PublishAsync(TestReadings.Create([]).With(AgentSource.Key, TestReadings.Agent with { Status = status }));

        // Then (Home Assistant ignores an enum state outside its options)
        Assert.Equal(StateText.Unknown, State("agent_health"));
    }

    [Fact]
    public async Task PublishAsync_ManyModels_BreakdownsAreBounded()
    {
        // Given 20 models of one row each, $0.01 to $0.20
        var byModel = Enumerable.Range(1, 20).ToDictionary(i => $"model-{i:D2}", i => new UsageSums(1, i, 0, 0, 0, i * 10_000_000L));
        var totals = TestReadings.Usage.Totals with { ByModel = byModel };
        var cycle = TestReadings.Create([]).With(UsageSource.Key, TestReadings.Usage with { Totals = totals });

        // When
        await PublishAsync(cycle);

        // Then the largest twelve are named, the other eight summed
        using var cost = JsonDocument.Parse(Attributes("cost_total"));
        var models = cost.RootElement.GetProperty("by_model");
        Assert.Equal(UsageBreakdown.MaxEntries + 1, models.EnumerateObject().Count());
        Assert.Equal(0.2m, models.GetProperty("model-20").GetDecimal());
        Assert.Equal(0.36m, models.GetProperty("(other)").GetDecimal());
    }

    private Task<int> PublishAsync(CycleReadings cycle) => _homeAssistant.Publisher.PublishAsync(cycle, PublishMode.Everything, CancellationToken.None);

    private string? State(string key) => _sink.Last(_homeAssistant.Topics.State(key));

    private string Attributes(string key) => _sink.Last(_homeAssistant.Topics.Attributes(key))!;
}
