using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Main;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests;

/// <summary>Per-loop sensors follow the agent's root loops cycle by cycle; the clock is advanced by hand.</summary>
public sealed class LoopLifecycleTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Bound = DrivenAddon.Bound;

    [Fact]
    public async Task NextCycle_LoopAppearsThenDisappears_DiscoveryChangesInThatSameCycle()
    {
        // Given a running add-on that has published the root loop core
        await using var driven = await DrivenAddon.StartAsync(broker);
        var (probe, topics) = (driven.Probe, driven.Addon.Topics);
        await probe.WaitForAsync(m => m.Topic == topics.Discovery && AddonEndToEndTests.ComponentKeys(m.Payload).Contains("loop_core_state"), Bound);
        await probe.WaitForAsync(AddonEndToEndTests.State(driven.Addon, "loop_core_state", "pending"), Bound);
        probe.Clear();

        // When a new root loop appears and one interval passes
        AgentApi.Serve(driven.Agent.Api, ("1", "core", null, "pending", 0), ("3", "email_poll", null, "processing", 7));
        driven.NextCycle();

        // Then that cycle's discovery has its sensors, sent before their states
        var added = await probe.WaitForAsync(m => m.Topic == topics.Discovery && AddonEndToEndTests.ComponentKeys(m.Payload).Contains("loop_email_poll_state"), Bound);
        var state = await driven.StateAsync("loop_email_poll_state", "processing");
        await driven.StateAsync("loop_email_poll_iterations", "7");
        Assert.True(IndexOf(probe, added) < IndexOf(probe, state));
        probe.Clear();

        // When the loop disappears and one more interval passes
        AgentApi.Serve(driven.Agent.Api, ("1", "core", null, "pending", 0));
        driven.NextCycle();

        // Then the same cycle announces its removal, drops it, and clears its retained state
        await probe.WaitForAsync(m => m.Topic == topics.Discovery && m.Payload.Contains("\"loop_email_poll_state\":{\"platform\":\"sensor\"}", StringComparison.Ordinal), Bound);
        await probe.WaitForAsync(m => m.Topic == topics.Discovery && !AddonEndToEndTests.ComponentKeys(m.Payload).Contains("loop_email_poll_state"), Bound);
        await probe.WaitForAsync(m => m.Topic == topics.State("loop_email_poll_state") && m.Payload.Length == 0, Bound);
    }

    [Fact]
    public async Task NextCycle_AgentApiFails_OnlyLoopSensorsGoUnavailable()
    {
        // Given a running add-on with every source available
        await using var driven = await DrivenAddon.StartAsync(broker);
        await driven.Probe.WaitForAsync(m => m.Topic == driven.Addon.Topics.SourceAvailability(LoopsSource.Key) && m.Payload == "online", Bound);

        // When the agent's API starts failing and a session starts
        driven.Agent.Api.RespondJson(500, """{"error":{"message":"boom"}}""");
        driven.Agent.Directory.AddSession("late", Telemetry.AgentSimulator.AgentTime.Rfc3339Nano(driven.Clock.GetUtcNow()));
        driven.NextCycle();

        // Then the loops source goes offline while the others keep publishing
        await driven.SourceAsync(LoopsSource.Key, "offline");
        await driven.StateAsync("active_sessions", "4");
        Assert.Equal("online", driven.Last(driven.Addon.Topics.SourceAvailability(MainSource.Key)));
    }

    private static int IndexOf(MqttProbe probe, MqttMessageRecord message) =>
        probe.Messages.ToList().FindIndex(m => ReferenceEquals(m, message));
}
