using System.Text.Json;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests;

/// <summary>The add-on's host against a real Mosquitto: what Home Assistant would receive.</summary>
public sealed class AddonEndToEndTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Start_WithAgentData_PublishesValidDiscoveryAndCorrectStates()
    {
        // Given an agent with known figures
        await using var agent = await SeededAgent.CreateAsync();
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);

        // When the add-on starts
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, StateDirectory());
        await probe.SubscribeAsync(addon.Topics.Discovery);
        await probe.SubscribeAsync($"{addon.Topics.Base}/#");

        // Then Home Assistant gets a valid device payload with the static and the root loop's sensors, but no
        // db_usage_size: a current agent has no legacy usage.db, and never will
        var discovery = await probe.WaitForAsync(m => m.Topic == addon.Topics.Discovery, Bound);
        Assert.Empty(HomeAssistantRules.Check(discovery.Topic, discovery.Payload));
        var components = ComponentKeys(discovery.Payload);
        Assert.Equal(FixedComponents + 2, components.Count);
        Assert.Contains("loop_core_state", components);
        Assert.DoesNotContain("db_usage_size", components);
        Assert.DoesNotContain(components, c => c.Contains("telemetry", StringComparison.Ordinal));

        // And the states carry the agent's figures
        await probe.WaitForAsync(State(addon, "active_sessions", "3"), Bound);
        await probe.WaitForAsync(State(addon, "tokens_24h_input", "1500"), Bound);
        await probe.WaitForAsync(State(addon, "tokens_24h_cost", "0.0060"), Bound);
        await probe.WaitForAsync(State(addon, "requests_24h", "2"), Bound);
        await probe.WaitForAsync(State(addon, "errors_24h", "1"), Bound);
        await probe.WaitForAsync(State(addon, "request_latency_p50", "800.0"), Bound);
        await probe.WaitForAsync(State(addon, "attachments_unique_files", "2"), Bound);
        await probe.WaitForAsync(State(addon, "loops_total", "2"), Bound);
        await probe.WaitForAsync(State(addon, "loop_core_state", "pending"), Bound);

        // And the figures Home Assistant can keep, and health at a glance, with their attributes
        Assert.Contains("cost_total", components);
        Assert.Contains("source_logs_problem", components);
        await probe.WaitForAsync(State(addon, "cost_total", "0.006000"), Bound);
        await probe.WaitForAsync(State(addon, "tokens_total_input", "1500"), Bound);
        await probe.WaitForAsync(m => m.Topic == addon.Topics.State("cost_today") && m.Payload.Contains("\"last_reset\"", StringComparison.Ordinal), Bound);
        await probe.WaitForAsync(State(addon, "source_logs_problem", "OFF"), Bound);
        await probe.WaitForAsync(State(addon, "agent_health", "healthy"), Bound);
        await probe.WaitForAsync(State(addon, "agent_version", "0.9.2"), Bound);
        var costAttributes = await probe.WaitForAsync(m => m.Topic == addon.Topics.Attributes("cost_total"), Bound);
        using (var breakdown = JsonDocument.Parse(costAttributes.Payload))
        {
            Assert.Equal(0.006m, breakdown.RootElement.GetProperty("by_model").GetProperty("anthropic/claude-sonnet-4-5").GetDecimal());
            Assert.Equal(0m, breakdown.RootElement.GetProperty("by_model").GetProperty("ollama/qwen3:32b").GetDecimal());
        }

        // And availability: the add-on online, the absent legacy usage.db offline
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Availability && m.Payload == "online", Bound);
        await probe.WaitForAsync(m => m.Topic == addon.Topics.SourceAvailability(Telemetry.Sources.LegacyUsage.LegacyUsageSource.Key) && m.Payload == "offline", Bound);

        // And all of it is retained, for a Home Assistant that subscribes later
        await using var late = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await late.SubscribeAsync(addon.Topics.Discovery);
        await late.SubscribeAsync(addon.Topics.State("active_sessions"));
        Assert.True((await late.WaitForAsync(m => m.Topic == addon.Topics.Discovery, Bound)).Retain);
        Assert.True((await late.WaitForAsync(State(addon, "active_sessions", "3"), Bound)).Retain);
    }

    [Fact]
    public async Task Start_AgentDefaultsWithoutAttachmentsOrAgentUrl_NoWarningAndNoProblemSensorLit()
    {
        // Given an agent as it comes (no attachments store, so no attachments.db) and an add-on without agent_url
        using var agent = AgentDirectory.CreateCurrent(attachments: false);
        var now = TimeProvider.System.GetUtcNow();
        agent.AddUsage(Telemetry.AgentSimulator.AgentTime.Rfc3339(now.AddHours(-1)), "anthropic/claude-sonnet-4-5", 1000, 200, 0.006);
        agent.AddLog(Telemetry.AgentSimulator.AgentTime.Rfc3339Nano(now.AddMinutes(-5)), "INFO", "req-1");
        using var logs = new CapturedLogs();
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);

        // When the add-on starts and publishes its first cycle
        await using var addon = await AddonHost.StartAsync(agent.Options(), broker, StateDirectory(), logs: logs);
        await probe.SubscribeAsync(addon.Topics.Discovery);
        await probe.SubscribeAsync($"{addon.Topics.Base}/#");
        var discovery = await probe.WaitForAsync(m => m.Topic == addon.Topics.Discovery, Bound);
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Availability && m.Payload == "online", Bound);

        // Then the problem sensors announced are off, those of what is not there are not announced, and nothing warned
        var problems = ComponentKeys(discovery.Payload).Where(k => k.EndsWith("_problem", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(["source_logs_problem", "source_main_problem", "source_usage_problem"], problems);
        foreach (var problem in problems)
        {
            await probe.WaitForAsync(State(addon, problem, "OFF"), Bound);
        }

        Assert.DoesNotContain(logs.Lines, l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && l.Category.StartsWith("Telemetry", StringComparison.Ordinal));
    }

    /// <summary>The fixed components of a current agent outside the Supervisor: all but those of the legacy usage.db, which it does not have, and the history import, which needs the Supervisor.</summary>
    internal static int FixedComponents { get; } = TestCatalog.Fixed.Count(s =>
        s.PresentWith != Telemetry.Sources.LegacyUsage.LegacyUsageSource.Key && s.PresentWith != Telemetry.Sources.HistoryImport.HistoryImportSource.Key);

    internal static Func<MqttMessageRecord, bool> State(AddonHost addon, string suffix, string payload) =>
        m => m.Topic == addon.Topics.State(suffix) && m.Payload == payload;

    internal static HashSet<string> ComponentKeys(string discovery)
    {
        using var document = JsonDocument.Parse(discovery);
        return document.RootElement.GetProperty("components").EnumerateObject().Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
    }

    internal static string StateDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "thane-addon-data-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
