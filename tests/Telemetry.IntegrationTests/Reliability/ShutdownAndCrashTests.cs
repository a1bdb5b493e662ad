using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.HomeAssistant;
using Telemetry.Hosting;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Sources;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests.Reliability;

/// <summary>Promise 9: a stop during a cycle still says offline and exits 0; an unexpected failure exits non-zero instead of lingering.</summary>
[Collection(SerialTests.Name)]
public sealed class ShutdownAndCrashTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sigterm_DuringACycle_PublishesOfflineAndExitsZeroWithinFiveSeconds()
    {
        // Given a process in the middle of a cycle: the agent's API has received the request and not answered
        await using var agent = await SeededAgent.CreateAsync();
        var inCycle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Api.Handler = async context =>
        {
            inCycle.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted); // wait-ok: the agent never answers; the request is aborted
        };
        var device = "term" + Guid.NewGuid().ToString("N")[..8];
        var options = Path.Combine(AddonEndToEndTests.StateDirectory(), "options.json");
        File.WriteAllText(options, new JsonObject
        {
            ["thane_dir"] = agent.Directory.Root, ["agent_url"] = agent.Api.BaseUrl.ToString(), ["device_name"] = device,
            ["mqtt_host"] = broker.Host, ["mqtt_port"] = broker.Port, ["interval"] = 60,
        }.ToJsonString());
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync($"thane-telemetry/{device}/availability");
        using var addon = AddonProcess.Start(options);
        await inCycle.Task.WaitAsync(Bound);

        // When the Supervisor stops it
        addon.SendSigterm();

        // Then it exits 0 within 5 s and offline is retained
        Assert.True(await addon.WaitForExitAsync(TimeSpan.FromSeconds(5)), string.Join('\n', addon.Output));
        Assert.Equal(0, addon.ExitCode);
        await using var late = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await late.SubscribeAsync($"thane-telemetry/{device}/availability");
        await late.WaitForAsync(m => m.Payload == "offline" && m.Retain, Bound);
    }

    [Fact]
    public async Task UnexpectedException_InTheCycle_StopsTheHostWithANonZeroExitCode()
    {
        // Given an add-on whose cycle hits a bug
        await using var agent = await SeededAgent.CreateAsync();
        var logs = new CapturedLogs();
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, AddonEndToEndTests.StateDirectory(),
            logs: logs, services: s => s.AddSingleton<ICycleObserver, ThrowingObserver>());

        // When the first cycle runs, then the host stops by itself with exit code 1 and says why
        await addon.Stopped.WaitAsync(Bound);
        Assert.Equal(1, addon.ExitCode);
        Assert.Contains(logs.Lines, l => l.EventId == 41 && l.Text.Contains("a bug", StringComparison.Ordinal));
    }

    private sealed class ThrowingObserver : ICycleObserver
    {
        public void OnCycle(CycleReadings snapshot, IReadOnlyList<Sensor> sensors, bool published) =>
            throw new InvalidOperationException("a bug");
    }
}
