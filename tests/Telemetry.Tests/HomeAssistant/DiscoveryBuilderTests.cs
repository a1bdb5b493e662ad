using Microsoft.Extensions.Logging.Abstractions;
using System.Text.Json;
using Telemetry.AgentSimulator;
using Telemetry.Collection;
using Telemetry.HomeAssistant;
using Telemetry.Hosting;
using Telemetry.Mqtt;
using Telemetry.Sources;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Sessions;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;
using Telemetry.Testing;

namespace Telemetry.Tests.HomeAssistant;

public sealed class DiscoveryBuilderTests
{
    private const string InstanceId = "01970000-aaaa-7bbb-8ccc-000000000001";

    private readonly Topics _topics = new("homeassistant", "aimee-thane");

    [Fact]
    public void Static_Catalogue_IsExactlyThePackagesTwentySuffixes()
    {
        Assert.Equal(AgentDiscovery.TelemetrySuffixes.Order(), SensorCatalog.Static.Select(s => s.Key).Order());
    }

    [Fact]
    public void Build_StaticSensors_PassHomeAssistantDiscoveryRules()
    {
        var json = Builder().Build(SensorCatalog.Static, []);

        Assert.Empty(HomeAssistantRules.Check(_topics.Discovery, json));
    }

    [Fact]
    public void Build_Payload_HasDeviceOriginAndOneComponentPerSuffix()
    {
        using var payload = JsonDocument.Parse(Builder().Build(SensorCatalog.Static, []));
        var root = payload.RootElement;

        Assert.Equal(["device", "origin", "components"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(InstanceId, root.GetProperty("device").GetProperty("serial_number").GetString());
        Assert.Equal("aimee-thane", root.GetProperty("device").GetProperty("name").GetString());
        Assert.Equal(AgentDiscovery.TelemetrySuffixes.Order(), root.GetProperty("components").EnumerateObject().Select(c => c.Name).Order());
    }

    [Theory]
    [InlineData("tokens_24h_input")]
    [InlineData("db_main_size")]
    [InlineData("request_latency_p95")]
    public void Build_Ids_MatchTheAgentsSoHistoryCarriesOver(string suffix)
    {
        using var payload = JsonDocument.Parse(Builder().Build(SensorCatalog.Static, []));
        var component = payload.RootElement.GetProperty("components").GetProperty(suffix);

        Assert.Equal($"{InstanceId}_{suffix}", component.GetProperty("unique_id").GetString());
        Assert.Equal($"sensor.aimee_thane_{suffix}", component.GetProperty("default_entity_id").GetString());
        Assert.Equal($"thane-telemetry/aimee-thane/{suffix}/state", component.GetProperty("state_topic").GetString());
    }

    [Fact]
    public void Build_Availability_NeedsTheAddonAndTheSensorsOwnSource()
    {
        using var payload = JsonDocument.Parse(Builder().Build(SensorCatalog.Static, []));
        var component = payload.RootElement.GetProperty("components").GetProperty("requests_24h");

        Assert.Equal("all", component.GetProperty("availability_mode").GetString());
        Assert.Equal(
            ["thane-telemetry/aimee-thane/availability", "thane-telemetry/aimee-thane/logs/availability"],
            component.GetProperty("availability").EnumerateArray().Select(a => a.GetProperty("topic").GetString()));
    }

    [Fact]
    public void Build_CostSensor_PointsAtItsPerModelAttributes()
    {
        using var payload = JsonDocument.Parse(Builder().Build(SensorCatalog.Static, []));
        var cost = payload.RootElement.GetProperty("components").GetProperty("tokens_24h_cost");

        Assert.Equal("thane-telemetry/aimee-thane/tokens_24h_cost/attributes", cost.GetProperty("json_attributes_topic").GetString());
        Assert.Equal("USD", cost.GetProperty("unit_of_measurement").GetString());
    }

    [Fact]
    public void Build_WithLoops_AddsAStateAndAnIterationsComponentPerRootLoop()
    {
        var loops = new LoopSlugs().Assign([new LoopInfo("1", "email_poll", "processing", 7), new LoopInfo("2", "mqtt_publisher", "sleeping", 42)]);
        var sensors = SensorCatalog.Static.Concat(loops.SelectMany(l => SensorCatalog.ForLoop(l.Loop, l.Slug))).ToList();

        var json = Builder().Build(sensors, []);
        using var payload = JsonDocument.Parse(json);
        var components = payload.RootElement.GetProperty("components");

        Assert.Empty(HomeAssistantRules.Check(_topics.Discovery, json));
        Assert.Equal(24, components.EnumerateObject().Count());
        Assert.Equal("Loop email_poll State", components.GetProperty("loop_email_poll_state").GetProperty("name").GetString());
        Assert.Equal("total_increasing", components.GetProperty("loop_mqtt_publisher_iterations").GetProperty("state_class").GetString());
    }

    [Fact]
    public void Build_RemovedSuffix_IsAnnouncedWithItsPlatformOnly()
    {
        using var payload = JsonDocument.Parse(Builder().Build(SensorCatalog.Static, [new Component("loop_gone_state", "sensor", SourceKey.Loops)]));
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
        var sensors = SensorCatalog.Static.Concat(loops.SelectMany(l => SensorCatalog.ForLoop(l.Loop, l.Slug))).ToList();

        // When the payload is built
        var json = Builder().Build(sensors, []);

        // Then Home Assistant accepts it and it stays small
        Assert.Empty(HomeAssistantRules.Check(_topics.Discovery, json));
        Assert.True(json.Length < 40_000, $"payload is {json.Length} characters");
    }

    private DiscoveryBuilder Builder()
    {
        var identity = new DeviceIdentity(InstanceId, "aimee-thane", "1.2.3");
        return new(identity, _topics, new AgentDeviceWatch(identity, _topics, NullLogger<AgentDeviceWatch>.Instance));
    }
}
