using System.Text.Json;
using Microsoft.Extensions.Logging;
using Telemetry.HomeAssistant;
using Telemetry.Mqtt;
using Telemetry.Testing;

namespace Telemetry.Tests.HomeAssistant;

/// <summary>
/// The agent's own device payload, as its built-in telemetry publishes it (thane-data-sources §5: device-based discovery,
/// <c>identifiers [instance id]</c>, unique ids <c>&lt;instance id&gt;_&lt;suffix&gt;</c>), seen on the broker.
/// </summary>
public sealed class AgentDeviceWatchTests : IDisposable
{

    private const string InstanceId = "01970000-aaaa-7bbb-8ccc-000000000001";
    private const string AgentTopic = "homeassistant/device/thane/config";

    private readonly CapturedLogs _logs = new();
    private readonly TestHomeAssistant _homeAssistant = new(new RecordingSink(), InstanceId);
    private readonly AgentDeviceWatch _watch;

    public AgentDeviceWatchTests() =>
        _watch = new AgentDeviceWatch(_homeAssistant.Identities, _homeAssistant.Topics, _homeAssistant.Catalog, _logs.For<AgentDeviceWatch>());

    public void Dispose() => _logs.Dispose();

    [Fact]
    public void OnMessage_AgentStillAnnouncesItsTelemetry_WarnsOnceNamingTheOptionAndTheReload()
    {
        // When the agent's retained payload carries its telemetry components, and arrives again (reconnect)
        Deliver(AgentTopic, AgentPayload(withTelemetry: true));
        Deliver(AgentTopic, AgentPayload(withTelemetry: true));

        // Then one warning, naming what to turn off and what to reload
        var warning = Assert.Single(_logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("mqtt.telemetry.enabled: false", warning.Text, StringComparison.Ordinal);
        Assert.Contains("reload the MQTT integration", warning.Text, StringComparison.Ordinal);
        Assert.Contains("tokens_24h_cost", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void OnMessage_AgentWithoutTelemetry_DoesNotWarn()
    {
        // When
        Deliver(AgentTopic, AgentPayload(withTelemetry: false));

        // Then
        Assert.DoesNotContain(_logs.Lines, l => l.Level >= LogLevel.Warning);
        Assert.True(_watch.IsOnBroker);
    }

    [Fact]
    public void OnMessage_TelemetryTurnedOffAfterTheWarning_SaysSoOnceAndDoesNotWarnAgain()
    {
        // Given
        Deliver(AgentTopic, AgentPayload(withTelemetry: true));

        // When the agent restarts without its telemetry
        Deliver(AgentTopic, AgentPayload(withTelemetry: false));
        Deliver(AgentTopic, AgentPayload(withTelemetry: false));

        // Then
        Assert.Single(_logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Single(_logs.Lines, l => l.EventId == 37);
    }

    [Fact]
    public void OnMessage_AnotherDevicesPayloadOrOurOwn_IsNotTheAgent()
    {
        // When another publisher's device and the add-on's own payload arrive
        Deliver("homeassistant/device/zigbee_lamp/config", """{"device":{"identifiers":["0x00158d"]},"components":{}}""");
        Deliver(_homeAssistant.Topics.Discovery, AgentPayload(withTelemetry: true));

        // Then
        Assert.False(_watch.IsOnBroker);
        Assert.Empty(_logs.Lines);
    }

    [Fact]
    public void Build_ViaDevice_OnlyWhileTheAgentsDeviceIsOnTheBroker()
    {
        // Given the add-on's discovery, before, while and after the agent's device is retained on the broker
        var before = ViaDevice(_homeAssistant.Discovery.Build(TestCatalog.Fixed, []));
        _homeAssistant.Deliver(AgentTopic, AgentPayload(withTelemetry: false));
        var whilePresent = ViaDevice(_homeAssistant.Discovery.Build(TestCatalog.Fixed, []));
        _homeAssistant.Deliver(AgentTopic, "");
        var afterRemoval = ViaDevice(_homeAssistant.Discovery.Build(TestCatalog.Fixed, []));

        // Then
        Assert.Null(before);
        Assert.Equal(InstanceId, whilePresent);
        Assert.Null(afterRemoval);
    }

    [Fact]
    public void OnMessage_AgentDeviceComesAndGoes_RaisesChanged()
    {
        // When
        Deliver(AgentTopic, AgentPayload(withTelemetry: false));
        var afterArrival = _watch.Changed.TryConsume();
        Deliver(AgentTopic, AgentPayload(withTelemetry: false));
        var afterRepeat = _watch.Changed.TryConsume();
        Deliver(AgentTopic, "");
        var afterRemoval = _watch.Changed.TryConsume();

        // Then
        Assert.True(afterArrival);
        Assert.False(afterRepeat);
        Assert.True(afterRemoval);
    }

    private static string AgentPayload(bool withTelemetry) => AgentDiscovery.Payload(InstanceId, "thane", withTelemetry);

    private void Deliver(string topic, string payload) => _watch.Subscription.OnMessage(new MqttIncoming(topic, payload));

    private static string? ViaDevice(string discovery)
    {
        using var document = JsonDocument.Parse(discovery);
        return document.RootElement.GetProperty("device").TryGetProperty("via_device", out var via) ? via.GetString() : null;
    }
}
