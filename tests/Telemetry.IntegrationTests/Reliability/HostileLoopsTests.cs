using System.Text.Json.Nodes;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Sources.Loops;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests.Reliability;

/// <summary>Promise 7: whatever the agent names its loops, discovery stays valid, bounded, and stable for loops that keep their names.</summary>
public sealed class HostileLoopsTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    [Fact]
    public async Task HostileNames_TenThousandLoops_DiscoveryStaysValidBoundedAndStable()
    {
        // Given a running add-on that knows the root loop "core"
        await using var driven = await DrivenAddon.StartAsync(broker);
        var discovery = await driven.Probe.WaitForAsync(m => m.Topic == driven.Addon.Topics.Discovery, DrivenAddon.Bound);
        var coreId = UniqueId(discovery.Payload, "loop_core_state");

        // When the agent reports 10,000 root loops with topic characters, control characters, emoji, 10,000-character and duplicate names
        driven.Agent.Api.RespondJson(200, HostileLoops().ToJsonString());
        driven.NextCycle();

        // Then the discovery payload Home Assistant receives is valid and bounded, and core kept its unique id
        var hostile = await driven.Probe.WaitForAsync(m => m.Topic == driven.Addon.Topics.Discovery && m.Payload.Length != discovery.Payload.Length, DrivenAddon.Bound);
        Assert.Empty(HomeAssistantRules.Check(hostile.Topic, hostile.Payload));
        Assert.True(hostile.Payload.Length < 256 * 1024, $"{hostile.Payload.Length} characters");
        // The fixed sensors (but those of the legacy usage.db, which the agent does not have) and two per loop up to the cap
        Assert.Equal(AddonEndToEndTests.FixedComponents + (2 * LoopSensors.MaxLoops), AddonEndToEndTests.ComponentKeys(hostile.Payload).Count);
        Assert.Equal(coreId, UniqueId(hostile.Payload, "loop_core_state"));
        await driven.StateAsync("loops_total", "10001");
        Assert.Contains(driven.Logs.Lines, l => l.EventId == 34);
    }

    private static JsonArray HostileLoops()
    {
        var loops = new JsonArray(Loop("core", "1"));
        string[] names = ["a/+/#", "tab\tnew\nline\u0000", "🚀 rocket", new string('x', 10_000), "dup", "dup", "$SYS/status", "名前"];
        for (var i = 0; i < 10_000; i++)
        {
            loops.Add(Loop(i < names.Length ? names[i] : $"loop {i:D5}", $"id-{i}"));
        }

        return loops;
    }

    private static JsonObject Loop(string name, string id) => new() { ["id"] = id, ["name"] = name, ["state"] = "sleeping", ["iterations"] = 1 };

    private static string UniqueId(string discovery, string component) =>
        JsonNode.Parse(discovery)!["components"]![component]!["unique_id"]!.GetValue<string>();
}
