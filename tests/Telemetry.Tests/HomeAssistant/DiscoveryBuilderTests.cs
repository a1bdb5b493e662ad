using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.HomeAssistant;
using Telemetry.Sources.Agent;
using Telemetry.Sources.Loops;
using Telemetry.Testing;

namespace Telemetry.Tests.HomeAssistant;

public sealed class DiscoveryBuilderTests
{
    private const string InstanceId = "01970000-aaaa-7bbb-8ccc-000000000001";

    private readonly Topics _topics = new("homeassistant", "aimee-thane");

    /// <summary>The keys this add-on added beyond the package's: part of the product's contract, like the package's own.</summary>
    /// <summary>The entities DOCS lists as off until a user turns them on.</summary>
    private static readonly string[] DisabledByDefault =
    [
        "db_main_size", "db_logs_size", "db_attachments_size", "db_usage_size", "attachments_total_bytes",
        "tokens_total_cache_read", "tokens_total_cache_write", "tokens_24h_cache_read", "tokens_24h_cache_write",
        "last_collection", "agent_started",
    ];

    private static readonly string[] AddedKeys =
    [
        "tokens_total_input", "tokens_total_output", "tokens_total_cache_read", "tokens_total_cache_write", "cost_total",
        "cost_today", "cost_this_month", "tokens_today_input", "tokens_today_output",
        "tokens_24h_cache_read", "tokens_24h_cache_write", "cache_hit_rate_24h",
        "source_main_problem", "source_usage_problem", "source_logs_problem", "source_attachments_problem",
        "source_legacy_usage_problem", "source_loops_problem", "source_agent_problem",
        "last_collection", "agent_version", "agent_started", "agent_health", "history_import",
    ];

    [Fact]
    public void Catalogue_HasEveryOneOfThePackagesTwentySuffixes()
    {
        Assert.Equal(20, AgentDiscovery.TelemetrySuffixes.Count);
        Assert.Subset(TestCatalog.Fixed.Select(s => s.Key).ToHashSet(), AgentDiscovery.TelemetrySuffixes.ToHashSet());
    }

    [Fact]
    public void Build_HousekeepingAndNicheFigures_DisabledByDefaultTheRestEnabled()
    {
        // When
        using var payload = JsonDocument.Parse(Builder().Build(TestCatalog.Fixed, []));

        // Then only the documented ones carry enabled_by_default: false, and no component says true (the default)
        var disabled = payload.RootElement.GetProperty("components").EnumerateObject()
            .Where(c => c.Value.TryGetProperty("enabled_by_default", out var enabled) && !enabled.GetBoolean()).Select(c => c.Name).Order().ToList();
        Assert.Equal(DisabledByDefault.Order(), disabled);
        Assert.DoesNotContain(payload.RootElement.GetProperty("components").EnumerateObject(),
            c => c.Value.TryGetProperty("enabled_by_default", out var enabled) && enabled.GetBoolean());
    }

    [Fact]
    public void Static_Catalogue_IsThePackagesSensorsAndTheAddedOnes()
    {
        Assert.Equal(AgentDiscovery.TelemetrySuffixes.Concat(AddedKeys).Order(), TestCatalog.Fixed.Select(s => s.Key).Order());
    }

    [Fact]
    public void Build_StaticSensors_PassHomeAssistantDiscoveryRules()
    {
        var json = Builder().Build(TestCatalog.Fixed, []);

        Assert.Empty(HomeAssistantRules.Check(_topics.Discovery, json));
    }

    [Fact]
    public void Build_Payload_HasDeviceOriginAndOneComponentPerSuffix()
    {
        using var payload = JsonDocument.Parse(Builder().Build(TestCatalog.Fixed, []));
        var root = payload.RootElement;

        Assert.Equal(["device", "origin", "components"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(InstanceId, root.GetProperty("device").GetProperty("serial_number").GetString());
        Assert.Equal("aimee-thane", root.GetProperty("device").GetProperty("name").GetString());
        Assert.Equal(TestCatalog.Fixed.Select(s => s.Key).Order(), root.GetProperty("components").EnumerateObject().Select(c => c.Name).Order());
    }

    [Theory]
    [InlineData("tokens_24h_input")]
    [InlineData("db_main_size")]
    [InlineData("request_latency_p95")]
    public void Build_Ids_MatchTheAgentsSoHistoryCarriesOver(string suffix)
    {
        using var payload = JsonDocument.Parse(Builder().Build(TestCatalog.Fixed, []));
        var component = payload.RootElement.GetProperty("components").GetProperty(suffix);

        Assert.Equal($"{InstanceId}_{suffix}", component.GetProperty("unique_id").GetString());
        Assert.Equal($"sensor.aimee_thane_{suffix}", component.GetProperty("default_entity_id").GetString());
        Assert.Equal($"thane-telemetry/aimee-thane/{suffix}/state", component.GetProperty("state_topic").GetString());
    }

    [Fact]
    public void Build_Availability_NeedsTheAddonAndTheSensorsOwnSource()
    {
        using var payload = JsonDocument.Parse(Builder().Build(TestCatalog.Fixed, []));
        var component = payload.RootElement.GetProperty("components").GetProperty("requests_24h");

        Assert.Equal("all", component.GetProperty("availability_mode").GetString());
        Assert.Equal(
            ["thane-telemetry/aimee-thane/availability", "thane-telemetry/aimee-thane/logs/availability"],
            component.GetProperty("availability").EnumerateArray().Select(a => a.GetProperty("topic").GetString()));
    }

    [Fact]
    public void Build_CostSensor_PointsAtItsPerModelAttributes()
    {
        using var payload = JsonDocument.Parse(Builder().Build(TestCatalog.Fixed, []));
        var cost = payload.RootElement.GetProperty("components").GetProperty("tokens_24h_cost");

        Assert.Equal("thane-telemetry/aimee-thane/tokens_24h_cost/attributes", cost.GetProperty("json_attributes_topic").GetString());
        Assert.Equal("USD", cost.GetProperty("unit_of_measurement").GetString());
    }

    [Fact]
    public void Build_WithLoops_AddsAStateAndAnIterationsComponentPerRootLoop()
    {
        var loops = new LoopSlugs().Assign([new LoopInfo("1", "email_poll", "processing", 7), new LoopInfo("2", "mqtt_publisher", "sleeping", 42)]);
        var sensors = TestCatalog.Fixed.Concat(loops.SelectMany(l => LoopsSensors.ForLoop(l.Loop, l.Slug))).ToList();

        var json = Builder().Build(sensors, []);
        using var payload = JsonDocument.Parse(json);
        var components = payload.RootElement.GetProperty("components");

        Assert.Empty(HomeAssistantRules.Check(_topics.Discovery, json));
        Assert.Equal(TestCatalog.Fixed.Count + 4, components.EnumerateObject().Count());
        Assert.Equal("Loop email_poll State", components.GetProperty("loop_email_poll_state").GetProperty("name").GetString());
        Assert.Equal("total_increasing", components.GetProperty("loop_mqtt_publisher_iterations").GetProperty("state_class").GetString());
    }

    [Fact]
    public void Build_RemovedSuffix_IsAnnouncedWithItsPlatformOnly()
    {
        using var payload = JsonDocument.Parse(Builder().Build(TestCatalog.Fixed, [new Component("loop_gone_state", "sensor", LoopsSource.Key)]));
        var removed = payload.RootElement.GetProperty("components").GetProperty("loop_gone_state");

        Assert.Equal(["platform"], removed.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Build_HostileLoopNames_StayValidAndBounded()
    {
        // Given names with topic characters, control characters, emoji, a huge name and duplicates
        LoopInfo[] hostile =
        [
            new("1", "a/+/#", "sleeping", 1), new("2", "tab\tnew\nline\u0000", "sleeping", 1), new("3", "🚀 rocket", "error", 1),
            new("4", new string('x', 10_000), "processing", 1), new("5", "dup", "sleeping", 1), new("6", "dup", "sleeping", 1),
        ];
        var loops = new LoopSlugs().Assign(hostile);
        var sensors = TestCatalog.Fixed.Concat(loops.SelectMany(l => LoopsSensors.ForLoop(l.Loop, l.Slug))).ToList();

        // When the payload is built
        var json = Builder().Build(sensors, []);

        // Then Home Assistant accepts it and it stays small
        Assert.Empty(HomeAssistantRules.Check(_topics.Discovery, json));
        Assert.True(json.Length < 40_000, $"payload is {json.Length} characters");
    }

    [Theory]
    [InlineData("cost_total", "sensor", "monetary", "total", "USD")]
    [InlineData("tokens_total_input", "sensor", null, "total_increasing", "tokens")]
    [InlineData("tokens_total_cache_write", "sensor", null, "total_increasing", "tokens")]
    [InlineData("cost_today", "sensor", "monetary", "total", "USD")]
    [InlineData("cost_this_month", "sensor", "monetary", "total", "USD")]
    [InlineData("tokens_today_output", "sensor", null, "total", "tokens")]
    [InlineData("cache_hit_rate_24h", "sensor", null, "measurement", "%")]
    [InlineData("last_collection", "sensor", "timestamp", null, null)]
    [InlineData("agent_started", "sensor", "timestamp", null, null)]
    [InlineData("agent_health", "sensor", "enum", null, null)]
    [InlineData("source_logs_problem", "binary_sensor", "problem", null, null)]
    public void Build_AddedSensors_AreDeclaredForHomeAssistantsStatistics(string key, string platform, string? deviceClass, string? stateClass, string? unit)
    {
        using var payload = JsonDocument.Parse(Builder().Build(TestCatalog.Fixed, []));
        var component = payload.RootElement.GetProperty("components").GetProperty(key);

        Assert.Equal(platform, component.GetProperty("platform").GetString());
        Assert.Equal($"{platform}.aimee_thane_{key}", component.GetProperty("default_entity_id").GetString());
        Assert.Equal(deviceClass, Text(component, "device_class"));
        Assert.Equal(stateClass, Text(component, "state_class"));
        Assert.Equal(unit, Text(component, "unit_of_measurement"));
    }

    [Fact]
    public void Build_CalendarTotals_ReadTheirLastResetFromTheState()
    {
        using var payload = JsonDocument.Parse(Builder().Build(TestCatalog.Fixed, []));

        foreach (var key in new[] { "cost_today", "cost_this_month", "tokens_today_input", "tokens_today_output" })
        {
            var component = payload.RootElement.GetProperty("components").GetProperty(key);
            Assert.Equal("{{ value_json.value }}", Text(component, "value_template"));
            Assert.Equal("{{ value_json.last_reset }}", Text(component, "last_reset_value_template"));
        }
    }

    [Fact]
    public void Build_HealthEntities_AreDiagnosticAndAProblemFollowsOnlyTheAddon()
    {
        using var payload = JsonDocument.Parse(Builder().Build(TestCatalog.Fixed, []));
        var components = payload.RootElement.GetProperty("components");

        Assert.All(TestCatalog.Fixed.Where(s => s is SourceProblemSensor or CycleSensor).Concat(AgentSensors.All), s => Assert.Equal("diagnostic", Text(components.GetProperty(s.Key), "entity_category")));
        Assert.Equal(
            ["thane-telemetry/aimee-thane/availability"],
            components.GetProperty("source_logs_problem").GetProperty("availability").EnumerateArray().Select(a => a.GetProperty("topic").GetString()));
        Assert.Equal(["healthy", "degraded"], components.GetProperty("agent_health").GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.All(TestCatalog.Fixed.Where(s => s.Key.StartsWith("db_", StringComparison.Ordinal)), s => Assert.Equal("diagnostic", Text(components.GetProperty(s.Key), "entity_category")));
    }

    [Fact]
    public void Build_AgentUrlSet_IsTheDevicesConfigurationUrl()
    {
        // Given
        var identity = TestIdentity.Source(InstanceId, "aimee-thane", new Uri("http://192.168.1.20:8080/"));
        var builder = new DiscoveryBuilder(identity, _topics, new AgentDeviceWatch(identity, _topics, TestCatalog.Create(), NullLogger<AgentDeviceWatch>.Instance));

        // When
        using var payload = JsonDocument.Parse(builder.Build(TestCatalog.Fixed, []));

        // Then
        Assert.Equal("http://192.168.1.20:8080/", payload.RootElement.GetProperty("device").GetProperty("configuration_url").GetString());
    }

    private static string? Text(JsonElement component, string name) =>
        component.TryGetProperty(name, out var value) ? value.GetString() : null;

    private DiscoveryBuilder Builder()
    {
        var identity = TestIdentity.Source(InstanceId, "aimee-thane");
        return new(identity, _topics, new AgentDeviceWatch(identity, _topics, TestCatalog.Create(), NullLogger<AgentDeviceWatch>.Instance));
    }
}
