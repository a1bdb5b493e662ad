using Telemetry.AgentSimulator;
using Telemetry.IntegrationTests.Infrastructure;

namespace Telemetry.IntegrationTests.Reliability;

/// <summary>Promise 2: Home Assistant restarts (its birth message); the add-on re-publishes promptly, and a flood of births costs no more.</summary>
public sealed class HomeAssistantRestartTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Birth_AfterStart_RepublishesEverythingWithinFiveSeconds()
    {
        // Given a running add-on whose messages have all arrived
        await using var agent = await SeededAgent.CreateAsync();
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, AddonEndToEndTests.StateDirectory());
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync(addon.Topics.Discovery);
        await probe.SubscribeAsync($"{addon.Topics.Base}/#");
        await probe.WaitForAsync(AddonEndToEndTests.State(addon, "active_sessions", "3"), Bound);
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Availability && m.Payload == "online", Bound);
        probe.Clear();

        // When Home Assistant announces itself (birth: not retained)
        await probe.PublishAsync(addon.Topics.HomeAssistantStatus, "online", retain: false);

        // Then discovery, availability and states are sent again within 5 s, live (not as retained replays)
        var within = TimeSpan.FromSeconds(5);
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Discovery && !m.Retain, within);
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Availability && m.Payload == "online" && !m.Retain, within);
        await probe.WaitForAsync(m => m.Topic == addon.Topics.State("active_sessions") && m.Payload == "3" && !m.Retain, within);
        await probe.WaitForAsync(m => m.Topic == addon.Topics.State("tokens_24h_input") && !m.Retain, within);
    }

    [Fact]
    public async Task BirthFlood_FiftyBirths_CollapseIntoAtMostThreeRepublishes()
    {
        // Given a running add-on on a clock the test drives
        await using var driven = await DrivenAddon.StartAsync(broker);
        var (probe, addon) = (driven.Probe, driven.Addon);
        await driven.StateAsync("active_sessions", "3");
        probe.Clear();

        // When fifty births arrive at once
        for (var i = 0; i < 50; i++)
        {
            await probe.PublishAsync(addon.Topics.HomeAssistantStatus, "online", retain: false);
        }

        // Then the first is answered at once; the rest wait for the quiet period (BirthDebounce.QuietPeriod,
        // shorter than the interval), which the next cycle's clock step releases as one more republish at most,
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Discovery, Bound);
        driven.Agent.Directory.AddSession("new", AgentTime.Rfc3339Nano(driven.Clock.GetUtcNow()));
        driven.NextCycle();
        await driven.StateAsync("active_sessions", "4");

        // the whole flood cost at most a few full publishes
        var republishes = probe.Messages.Count(m => m.Topic == addon.Topics.Discovery);
        Assert.InRange(republishes, 1, 3);
    }
}
