using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Telemetry.IntegrationTests.Infrastructure;

namespace Telemetry.IntegrationTests.Reliability;

/// <summary>Promise 1: the broker restarts (an add-on update) and loses its retained data; the add-on puts everything back.</summary>
[Collection(SerialTests.Name)]
public sealed class BrokerRestartReliabilityTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan ReconnectBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BrokerRestart_TenTimesInARow_ReconnectsWithinFiveSecondsAndRepublishesWithoutGrowing()
    {
        // Given the add-on running as its own process (so its footprint is its own), its messages on the broker
        await using var agent = await SeededAgent.CreateAsync();
        var fingerprint = agent.Directory.Fingerprint(IsDatabaseFile);
        var device = "restart" + Guid.NewGuid().ToString("N")[..8];
        using var addon = AddonProcess.Start(WriteOptions(agent, device));
        await ExpectEverythingAsync(device, Bound);
        var before = default(Footprint);

        for (var restart = 1; restart <= 10; restart++)
        {
            // When the broker restarts empty
            await broker.RestartAsync();

            // Then within 5 s of it being back, discovery, availability and states are on it again
            await ExpectEverythingAsync(device, ReconnectBound);
            // The first restarts warm up (JIT, thread-pool injection); what must not happen is growth after that.
            if (restart == 3)
            {
                before = Footprint.Of(addon.ProcessId);
            }
        }

        // And nothing piles up in the add-on across the restarts: sockets and files (not assemblies), threads of its own
        // (thread-pool workers come and go with load, so they are not counted), resident memory
        var after = Footprint.Of(addon.ProcessId);
        Assert.True(after.Descriptors <= before.Descriptors + 4, $"open descriptors {before.Descriptors} → {after.Descriptors} (assemblies, not counted: {before.Assemblies} → {after.Assemblies})");
        Assert.True(after.OwnThreads <= before.OwnThreads + 1, $"threads other than pool workers {before.OwnThreads} → {after.OwnThreads}");
        Assert.True(after.ResidentKiB < before.ResidentKiB + (16 * 1024), $"resident memory {before.ResidentKiB} → {after.ResidentKiB} KiB");
        Assert.Equal(fingerprint, agent.Directory.Fingerprint(IsDatabaseFile));
    }

    internal static bool IsDatabaseFile(string path) => path.EndsWith(".db", StringComparison.Ordinal) || path.EndsWith(".db-wal", StringComparison.Ordinal);

    private async Task ExpectEverythingAsync(string device, TimeSpan bound)
    {
        var discovery = $"homeassistant/device/{device}_telemetry/config";
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync(discovery);
        await probe.SubscribeAsync($"thane-telemetry/{device}/#");
        var clock = Stopwatch.StartNew();

        // Retained or live: the broker restarted empty, so either way the add-on sent it again.
        await probe.WaitForAsync(m => m.Topic == discovery, bound);
        await probe.WaitForAsync(m => m.Topic == $"thane-telemetry/{device}/availability" && m.Payload == "online", bound - clock.Elapsed);
        await probe.WaitForAsync(m => m.Topic == $"thane-telemetry/{device}/active_sessions/state" && m.Payload == "3", bound - clock.Elapsed);
        await probe.WaitForAsync(m => m.Topic == $"thane-telemetry/{device}/tokens_24h_input/state" && m.Payload == "1500", bound - clock.Elapsed);
    }

    private string WriteOptions(SeededAgent agent, string device)
    {
        var file = Path.Combine(AddonEndToEndTests.StateDirectory(), "options.json");
        File.WriteAllText(file, new JsonObject
        {
            ["thane_dir"] = agent.Directory.Root, ["agent_url"] = agent.Api.BaseUrl.ToString(), ["device_name"] = device,
            ["mqtt_host"] = broker.Host, ["mqtt_port"] = broker.Port, ["interval"] = 60,
        }.ToJsonString());
        return file;
    }

    private readonly record struct Footprint(int Descriptors, int Assemblies, int OwnThreads, long ResidentKiB)
    {
        public static Footprint Of(int pid)
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            var resident = long.Parse(status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            var ownThreads = Directory.GetDirectories($"/proc/{pid}/task").Count(task => !File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET TP Worker", StringComparison.Ordinal));
            // The JIT runtime keeps each assembly it loads open, and a code path taken for the first time (a connect
            // that times out rather than being refused) loads one more: that is not a leak, so only sockets, pipes and
            // other files count.
            var all = Directory.GetFiles($"/proc/{pid}/fd");
            var assemblies = all.Count(fd => new FileInfo(fd).LinkTarget is { } target && target.EndsWith(".dll", StringComparison.Ordinal));
            return new Footprint(all.Length - assemblies, assemblies, ownThreads, resident);
        }
    }
}
