using System.Text.Json;
using Microsoft.Extensions.Logging;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests;

/// <summary>
/// Moving from the agent's built-in telemetry to the add-on, on a real broker: the agent's own retained device payload
/// is there before the add-on starts, as it is on a real install.
/// </summary>
public sealed class MigrationTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Start_AgentStillAnnouncesItsTelemetry_WarnsOnceAndNamesTheAgentAsViaDevice()
    {
        // Given the agent's device payload, telemetry still on, retained on the broker
        await using var agent = await SeededAgent.CreateAsync();
        var agentTopic = AgentDiscovery.Topic("agent" + Guid.NewGuid().ToString("N")[..8]);
        await RetainAsync(agentTopic, AgentDiscovery.Payload(InstanceId(agent), "thane", withTelemetry: true));
        using var logs = new CapturedLogs();
        try
        {
            // When the add-on starts
            await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, AddonEndToEndTests.StateDirectory(), logs: logs);
            await logs.WaitForAsync(36, Bound);
            var discovery = await DiscoveryWithViaDeviceAsync(addon);

            // Then one warning, and the add-on's device is attached to the agent's
            Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning && l.EventId == 36);
            Assert.Equal(InstanceId(agent), ViaDevice(discovery));
        }
        finally
        {
            await RetainAsync(agentTopic, "");
        }
    }

    [Fact]
    public async Task Start_AgentWithoutItsTelemetry_NoWarningAndTheAgentIsTheViaDevice()
    {
        // Given the agent's device payload with its telemetry turned off
        await using var agent = await SeededAgent.CreateAsync();
        var agentTopic = AgentDiscovery.Topic("agent" + Guid.NewGuid().ToString("N")[..8]);
        await RetainAsync(agentTopic, AgentDiscovery.Payload(InstanceId(agent), "thane", withTelemetry: false));
        using var logs = new CapturedLogs();
        try
        {
            // When
            await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, AddonEndToEndTests.StateDirectory(), logs: logs);
            var discovery = await DiscoveryWithViaDeviceAsync(addon);

            // Then
            Assert.Equal(InstanceId(agent), ViaDevice(discovery));
            Assert.DoesNotContain(logs.Lines, l => l.EventId == 36);
        }
        finally
        {
            await RetainAsync(agentTopic, "");
        }
    }

    [Fact]
    public async Task Start_AgentDeviceNotOnTheBroker_NoViaDevice()
    {
        // Given an agent that does not publish to this broker
        await using var agent = await SeededAgent.CreateAsync();

        // When
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, AddonEndToEndTests.StateDirectory());
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync(addon.Topics.Discovery);
        var discovery = await probe.WaitForAsync(m => m.Topic == addon.Topics.Discovery, Bound);

        // Then
        Assert.Null(ViaDevice(discovery.Payload));
    }

    [Fact]
    public async Task Restart_LoopRemovedWhileStopped_GetsItsPlatformOnlyEntry()
    {
        // Given the add-on announced two root loops, then stopped
        await using var agent = await SeededAgent.CreateAsync();
        AgentApi.Serve(agent.Api, ("1", "core", null, "pending", 0), ("5", "nightly-digest", null, "sleeping", 3));
        var state = AddonEndToEndTests.StateDirectory();
        var device = "it" + Guid.NewGuid().ToString("N")[..10];
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await using (var first = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, state, deviceName: device))
        {
            await probe.SubscribeAsync(first.Topics.Discovery);
            await probe.WaitForAsync(m => m.Topic == first.Topics.Discovery && AddonEndToEndTests.ComponentKeys(m.Payload).Contains("loop_nightly_digest_state"), Bound);
        }

        // When the loop goes away while it is stopped, and it starts again
        AgentApi.Serve(agent.Api, ("1", "core", null, "pending", 0));
        probe.Clear();
        await using var second = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, state, deviceName: device);

        // Then Home Assistant is told to remove it, and the payload after that leaves it out
        var removal = await probe.WaitForAsync(m => m.Topic == second.Topics.Discovery && IsPlatformOnly(m.Payload, "loop_nightly_digest_state"), Bound);
        var after = await probe.WaitForAsync(m => m.Topic == second.Topics.Discovery && m != removal, Bound);
        Assert.True(IsPlatformOnly(removal.Payload, "loop_nightly_digest_iterations"));
        Assert.DoesNotContain("loop_nightly_digest_state", AddonEndToEndTests.ComponentKeys(after.Payload));
        Assert.Contains("loop_core_state", AddonEndToEndTests.ComponentKeys(after.Payload));
    }

    private static string InstanceId(SeededAgent agent) => File.ReadAllText(agent.Directory.InstanceIdFile).Trim();

    private async Task RetainAsync(string topic, string payload)
    {
        await using var publisher = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await publisher.PublishAsync(topic, payload, retain: true);
    }

    /// <summary>The add-on's discovery payload once it names a via_device (the agent's payload may arrive after its first publish).</summary>
    private async Task<string> DiscoveryWithViaDeviceAsync(AddonHost addon)
    {
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync(addon.Topics.Discovery);
        return (await probe.WaitForAsync(m => m.Topic == addon.Topics.Discovery && ViaDevice(m.Payload) is not null, Bound)).Payload;
    }

    private static string? ViaDevice(string discovery)
    {
        using var document = JsonDocument.Parse(discovery);
        return document.RootElement.GetProperty("device").TryGetProperty("via_device", out var via) ? via.GetString() : null;
    }

    private static bool IsPlatformOnly(string discovery, string key)
    {
        using var document = JsonDocument.Parse(discovery);
        return document.RootElement.GetProperty("components").TryGetProperty(key, out var component)
            && component.EnumerateObject().Select(p => p.Name).SequenceEqual(["platform"]);
    }
}
