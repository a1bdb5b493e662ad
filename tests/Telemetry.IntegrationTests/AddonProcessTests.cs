using System.Text.Json.Nodes;
using Telemetry.IntegrationTests.Infrastructure;

namespace Telemetry.IntegrationTests;

/// <summary>The add-on as a real process: what the broker sees when it is stopped, killed, or run once.</summary>
public sealed class AddonProcessTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task KilledProcess_LeavesOfflineRetainedThroughTheLastWill()
    {
        // Given a running add-on that announced itself online
        await using var agent = await SeededAgent.CreateAsync();
        var (optionsFile, availability) = WriteOptions(agent);
        using var addon = AddonProcess.Start(optionsFile);
        await using (var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port))
        {
            await probe.SubscribeAsync(availability);
            await probe.WaitForAsync(m => m.Topic == availability && m.Payload == "online", Bound);
        }

        // When the process dies without a goodbye
        addon.KillHard();
        Assert.True(await addon.WaitForExitAsync(Bound));

        // Then a newcomer finds offline retained (the broker sent the will)
        await using var late = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await late.SubscribeAsync(availability);
        var retained = await late.WaitForAsync(m => m.Topic == availability && m.Payload == "offline", Bound);
        Assert.True(retained.Retain);
    }

    [Fact]
    public async Task Once_PublishesOneFullCycleAndExitsZero()
    {
        await using var agent = await SeededAgent.CreateAsync();
        var (optionsFile, availability) = WriteOptions(agent);
        var discoveryTopic = availability.Replace("thane-telemetry/", "homeassistant/device/", StringComparison.Ordinal).Replace("/availability", "_telemetry/config", StringComparison.Ordinal);

        using var addon = AddonProcess.Start(optionsFile, "--once");

        Assert.True(await addon.WaitForExitAsync(Bound), string.Join('\n', addon.Output));
        Assert.Equal(0, addon.ExitCode);
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync(discoveryTopic);
        var discovery = await probe.WaitForAsync(m => m.Topic == discoveryTopic, Bound);
        Assert.Equal(AddonEndToEndTests.FixedComponents + 2, AddonEndToEndTests.ComponentKeys(discovery.Payload).Count);
    }

    private (string OptionsFile, string AvailabilityTopic) WriteOptions(SeededAgent agent)
    {
        var device = "proc" + Guid.NewGuid().ToString("N")[..10];
        var options = new JsonObject
        {
            ["thane_dir"] = agent.Directory.Root,
            ["agent_url"] = agent.Api.BaseUrl.ToString(),
            ["device_name"] = device,
            ["discovery_prefix"] = "homeassistant",
            ["interval"] = 10,
            ["log_level"] = "debug",
            ["mqtt_host"] = broker.Host,
            ["mqtt_port"] = broker.Port,
        };
        var file = Path.Combine(AddonEndToEndTests.StateDirectory(), "options.json");
        File.WriteAllText(file, options.ToJsonString());
        return (file, $"thane-telemetry/{device}/availability");
    }
}
