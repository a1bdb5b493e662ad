using Microsoft.Extensions.Time.Testing;
using Telemetry.Sources;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>A seeded agent, the add-on on a clock the test advances, a probe on its topics, and its log.</summary>
internal sealed class DrivenAddon : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private DrivenAddon(SeededAgent agent, FakeTimeProvider clock, AddonHost addon, MqttProbe probe, CapturedLogs logs)
    {
        Agent = agent;
        Clock = clock;
        Addon = addon;
        Probe = probe;
        Logs = logs;
    }

    public SeededAgent Agent { get; }

    public FakeTimeProvider Clock { get; }

    public AddonHost Addon { get; }

    public MqttProbe Probe { get; }

    public CapturedLogs Logs { get; }

    public TimeSpan Interval => Agent.Directory.Options().Interval;

    /// <summary>Started, with the first cycle's states on the broker.</summary>
    public static async Task<DrivenAddon> StartAsync(MosquittoBroker broker, Action<SeededAgent>? before = null)
    {
        var agent = await SeededAgent.CreateAsync();
        before?.Invoke(agent);
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var logs = new CapturedLogs();
        var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, Path.Combine(agent.Directory.Root, "addon-data"), clock, logs: logs);
        var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync(addon.Topics.Discovery);
        await probe.SubscribeAsync($"{addon.Topics.Base}/#");
        await probe.WaitForAsync(m => m.Topic == addon.Topics.Availability && m.Payload == "online", Bound);
        return new DrivenAddon(agent, clock, addon, probe, logs);
    }

    private HashSet<MqttMessageRecord> _seen = new(ReferenceEqualityComparer.Instance);

    /// <summary>Runs one more cycle (advances the clock by the interval); later waits only match what arrives from now on.</summary>
    public void NextCycle()
    {
        _seen = new HashSet<MqttMessageRecord>(Probe.Messages, ReferenceEqualityComparer.Instance);
        Clock.Advance(Interval);
    }

    public Task<MqttMessageRecord> SourceAsync(SourceKey source, string payload) =>
        Probe.WaitForAsync(m => !_seen.Contains(m) && m.Topic == Addon.Topics.SourceAvailability(source) && m.Payload == payload, Bound);

    public Task<MqttMessageRecord> StateAsync(string suffix, string payload) =>
        Probe.WaitForAsync(m => !_seen.Contains(m) && m.Topic == Addon.Topics.State(suffix) && m.Payload == payload, Bound);

    /// <summary>What the broker holds for a topic now: the last message the probe saw on it.</summary>
    public string? Last(string topic) => Probe.Messages.LastOrDefault(m => m.Topic == topic)?.Payload;

    public async ValueTask DisposeAsync()
    {
        await Probe.DisposeAsync();
        await Addon.DisposeAsync();
        await Agent.DisposeAsync();
    }
}
