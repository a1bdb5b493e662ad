using Microsoft.Extensions.Time.Testing;
using Telemetry.IntegrationTests.Infrastructure;

namespace Telemetry.IntegrationTests;

/// <summary>Per-loop sensors follow the agent's root loops cycle by cycle; the clock is advanced by hand.</summary>
public sealed class LoopLifecycleTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task NextCycle_LoopAppearsThenDisappears_DiscoveryChangesInThatSameCycle()
    {
        // Given a running add-on that has published the root loop core
        await using var agent = await SeededAgent.CreateAsync();
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var options = agent.Directory.Options(agent.Api.BaseUrl);
        await using var addon = await AddonHost.StartAsync(options, broker, AddonEndToEndTests.StateDirectory(), clock);
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync(addon.Topics.Discovery);
        await probe.SubscribeAsync($"{addon.Topics.Base}/#");
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Discovery && AddonEndToEndTests.ComponentKeys(m.Payload).Contains("loop_core_state"), Bound);
        await probe.WaitForAsync(AddonEndToEndTests.State(addon, "loop_core_state", "pending"), Bound);
        probe.Clear();

        // When a new root loop appears and one interval passes
        LoopsApi.Serve(agent.Api, ("1", "core", null, "pending", 0), ("3", "email_poll", null, "processing", 7));
        clock.Advance(options.Interval);

        // Then that cycle's discovery has its sensors, sent before their states
        var added = await probe.WaitForAsync(m => m.Topic == addon.Topics.Discovery && AddonEndToEndTests.ComponentKeys(m.Payload).Contains("loop_email_poll_state"), Bound);
        var state = await probe.WaitForAsync(AddonEndToEndTests.State(addon, "loop_email_poll_state", "processing"), Bound);
        await probe.WaitForAsync(AddonEndToEndTests.State(addon, "loop_email_poll_iterations", "7"), Bound);
        Assert.True(IndexOf(probe, added) < IndexOf(probe, state));
        probe.Clear();

        // When the loop disappears and one more interval passes
        LoopsApi.Serve(agent.Api, ("1", "core", null, "pending", 0));
        clock.Advance(options.Interval);

        // Then the same cycle announces its removal, drops it, and clears its retained state
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Discovery && m.Payload.Contains("\"loop_email_poll_state\":{\"platform\":\"sensor\"}", StringComparison.Ordinal), Bound);
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Discovery && !AddonEndToEndTests.ComponentKeys(m.Payload).Contains("loop_email_poll_state"), Bound);
        await probe.WaitForAsync(m => m.Topic == addon.Topics.State("loop_email_poll_state") && m.Payload.Length == 0, Bound);
    }

    [Fact]
    public async Task NextCycle_AgentApiFails_OnlyLoopSensorsGoUnavailable()
    {
        // Given a running add-on with every source available
        await using var agent = await SeededAgent.CreateAsync();
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var options = agent.Directory.Options(agent.Api.BaseUrl);
        await using var addon = await AddonHost.StartAsync(options, broker, AddonEndToEndTests.StateDirectory(), clock);
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync($"{addon.Topics.Base}/#");
        await probe.WaitForAsync(m => m.Topic == addon.Topics.SourceAvailability(Telemetry.Collection.SourceKey.Loops) && m.Payload == "online", Bound);

        // When the agent's API starts failing and a session ends
        agent.Api.RespondJson(500, """{"error":{"message":"boom"}}""");
        agent.Directory.AddSession("late", Telemetry.Addon.Demo.AgentTime.Rfc3339Nano(TimeProvider.System.GetUtcNow()));
        clock.Advance(options.Interval);

        // Then the loops source goes offline while the others keep publishing
        await probe.WaitForAsync(m => m.Topic == addon.Topics.SourceAvailability(Telemetry.Collection.SourceKey.Loops) && m.Payload == "offline", Bound);
        await probe.WaitForAsync(AddonEndToEndTests.State(addon, "active_sessions", "4"), Bound);
        Assert.Equal("online", probe.Messages.Last(m => m.Topic == addon.Topics.SourceAvailability(Telemetry.Collection.SourceKey.Main)).Payload);
    }

    private static int IndexOf(MqttProbe probe, MqttMessageRecord message) =>
        probe.Messages.ToList().FindIndex(m => ReferenceEquals(m, message));
}
