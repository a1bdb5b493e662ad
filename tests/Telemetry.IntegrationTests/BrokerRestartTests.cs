using Telemetry.IntegrationTests.Infrastructure;

namespace Telemetry.IntegrationTests;

/// <summary>A broker restart loses every retained message; the add-on must put them all back.</summary>
public sealed class BrokerRestartTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BrokerRestart_RetainedDataLost_EverythingIsRepublished()
    {
        // Given a running add-on whose messages are on the broker
        await using var agent = await SeededAgent.CreateAsync();
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, AddonEndToEndTests.StateDirectory());
        await using (var before = await MqttProbe.ConnectAsync(broker.Host, broker.Port))
        {
            await before.SubscribeAsync($"{addon.Topics.Base}/#");
            await before.WaitForAsync(AddonEndToEndTests.State(addon, "active_sessions", "3"), Bound);
        }

        // When the broker restarts empty
        await broker.RestartAsync();

        // Then discovery, availability and states are retained on it again
        await using var after = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await after.SubscribeAsync(addon.Topics.Discovery);
        await after.SubscribeAsync($"{addon.Topics.Base}/#");
        await after.WaitForAsync(m => m.Topic == addon.Topics.Discovery, Bound);
        await after.WaitForAsync(m => m.Topic == addon.Topics.Availability && m.Payload == "online", Bound);
        await after.WaitForAsync(AddonEndToEndTests.State(addon, "active_sessions", "3"), Bound);
        await after.WaitForAsync(AddonEndToEndTests.State(addon, "tokens_24h_input", "1500"), Bound);
    }
}
