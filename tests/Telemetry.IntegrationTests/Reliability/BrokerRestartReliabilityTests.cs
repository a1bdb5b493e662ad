using System.Diagnostics;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Tests.Shared;

namespace Telemetry.IntegrationTests.Reliability;

/// <summary>Promise 1: the broker restarts (an add-on update) and loses its retained data; the add-on puts everything back.</summary>
[Collection(SerialTests.Name)]
public sealed class BrokerRestartReliabilityTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan ReconnectBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task BrokerRestart_TenTimesInARow_ReconnectsWithinFiveSecondsAndRepublishesWithoutGrowing()
    {
        // Given a running add-on whose messages are on the broker
        await using var agent = await SeededAgent.CreateAsync();
        var fingerprint = agent.Directory.Fingerprint(IsDatabaseFile);
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, AddonEndToEndTests.StateDirectory());
        await ExpectEverythingAsync(addon, Bound);
        var (threadsBefore, memoryBefore) = (0, 0L);

        for (var restart = 1; restart <= 10; restart++)
        {
            // When the broker restarts empty
            await broker.RestartAsync();

            // Then within 5 s of it being back, discovery, availability and states are retained on it again
            await ExpectEverythingAsync(addon, ReconnectBound);
            if (restart == 2)
            {
                (threadsBefore, memoryBefore) = Measure();
            }
        }

        // And nothing piles up across the restarts
        var (threadsAfter, memoryAfter) = Measure();
        Assert.True(threadsAfter <= threadsBefore + 8, $"threads {threadsBefore} → {threadsAfter}");
        Assert.True(memoryAfter < memoryBefore + (16 << 20), $"managed memory {memoryBefore} → {memoryAfter} bytes");
        Assert.Equal(fingerprint, agent.Directory.Fingerprint(IsDatabaseFile));
    }

    private async Task ExpectEverythingAsync(AddonHost addon, TimeSpan bound)
    {
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync(addon.Topics.Discovery);
        await probe.SubscribeAsync($"{addon.Topics.Base}/#");
        var deadline = Stopwatch.StartNew();
        // Retained or live: the broker restarted empty, so either way the add-on sent it again.
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Discovery, bound);
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Availability && m.Payload == "online", bound - deadline.Elapsed);
        await probe.WaitForAsync(AddonEndToEndTests.State(addon, "active_sessions", "3"), bound - deadline.Elapsed);
    }

    private static (int Threads, long Memory) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (process.Threads.Count, GC.GetTotalMemory(forceFullCollection: true));
    }

    internal static bool IsDatabaseFile(string path) => path.EndsWith(".db", StringComparison.Ordinal) || path.EndsWith(".db-wal", StringComparison.Ordinal);
}
