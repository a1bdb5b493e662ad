using System.Text.Json;
using Telemetry.HomeAssistant;
using Telemetry.Sources;
using Telemetry.Sources.LegacyUsage;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Testing;

namespace Telemetry.Tests.HomeAssistant;

public sealed class TelemetryPublisherTests
{
    private readonly RecordingSink _sink = new();
    private readonly TestHomeAssistant _homeAssistant;
    private readonly Topics _topics;
    private readonly TelemetryPublisher _publisher;

    public TelemetryPublisherTests()
    {
        _homeAssistant = new TestHomeAssistant(_sink);
        _topics = _homeAssistant.Topics;
        _publisher = _homeAssistant.Publisher;
    }

    [Fact]
    public async Task PublishAsync_Everything_SendsDiscoveryAllStatesAvailabilityAndOnline()
    {
        await _publisher.PublishAsync(Readings(), PublishMode.Everything, CancellationToken.None);

        Assert.Equal(_topics.Discovery, _sink.Sent[0].Topic);
        Assert.All(TestCatalog.Fixed, s => Assert.NotNull(_sink.Last(_topics.State(s.Key))));
        Assert.Equal("online", _sink.Last(_topics.Availability));
        Assert.Equal(_topics.Availability, _sink.Sent[^1].Topic);
        Assert.All(TestCatalog.Create().Sources, s => Assert.Equal("online", _sink.Last(_topics.SourceAvailability(s))));
    }

    [Fact]
    public async Task PublishAsync_StateFormats_MatchTheAgents()
    {
        await _publisher.PublishAsync(Readings(), PublishMode.Everything, CancellationToken.None);

        Assert.Equal("0.1234", _sink.Last(_topics.State("tokens_24h_cost")));
        Assert.Equal("1250.0", _sink.Last(_topics.State("request_latency_p50")));
        Assert.Equal("0", _sink.Last(_topics.State("loops_total")));
        Assert.Equal("None", _sink.Last(_topics.State("context_utilization")));
        using var attributes = JsonDocument.Parse(_sink.Last(_topics.Attributes("tokens_24h_cost"))!);
        Assert.Equal(100, attributes.RootElement.GetProperty("m1").GetProperty("input").GetInt64());
    }

    [Fact]
    public async Task PublishAsync_NothingChanged_SendsNothing()
    {
        await _publisher.PublishAsync(Readings(), PublishMode.Everything, CancellationToken.None);
        _sink.Sent.Clear();

        var sent = await _publisher.PublishAsync(Readings(), PublishMode.Changes, CancellationToken.None);

        Assert.Equal(0, sent);
        Assert.Empty(_sink.Sent);
    }

    [Fact]
    public async Task PublishAsync_OneValueChanged_SendsOnlyThatState()
    {
        await _publisher.PublishAsync(Readings(), PublishMode.Everything, CancellationToken.None);
        _sink.Sent.Clear();

        await _publisher.PublishAsync(Readings(sessions: 4), PublishMode.Changes, CancellationToken.None);

        Assert.Equal([(_topics.State("active_sessions"), "4")], _sink.Sent);
    }

    [Fact]
    public async Task PublishAsync_SourceFails_MarksItOfflineAndKeepsTheOthersPublishing()
    {
        await _publisher.PublishAsync(Readings(), PublishMode.Everything, CancellationToken.None);
        _sink.Sent.Clear();

        await _publisher.PublishAsync(Readings(logsBroken: true, sessions: 5), PublishMode.Changes, CancellationToken.None);

        Assert.Equal("offline", _sink.Last(_topics.SourceAvailability(LogsSource.Key)));
        Assert.Null(_sink.Last(_topics.State("requests_24h")));
        Assert.Equal("5", _sink.Last(_topics.State("active_sessions")));
    }

    [Fact]
    public async Task PublishAsync_LoopAppears_IsInTheDiscoveryOfTheSameCycle()
    {
        await _publisher.PublishAsync(Readings(), PublishMode.Everything, CancellationToken.None);
        _sink.Sent.Clear();

        await _publisher.PublishAsync(Readings(loops: [new LoopInfo("1", "email_poll", "processing", 7)]), PublishMode.Changes, CancellationToken.None);

        Assert.Contains("loop_email_poll_state", Components(_sink.Last(_topics.Discovery)!));
        Assert.Equal("processing", _sink.Last(_topics.State("loop_email_poll_state")));
        Assert.Equal("7", _sink.Last(_topics.State("loop_email_poll_iterations")));
    }

    [Fact]
    public async Task PublishAsync_LoopGone_IsAnnouncedRemovedThenLeftOutAndItsStatesCleared()
    {
        await _publisher.PublishAsync(Readings(loops: [new LoopInfo("1", "email_poll", "processing", 7)]), PublishMode.Everything, CancellationToken.None);
        _sink.Sent.Clear();

        await _publisher.PublishAsync(Readings(loops: []), PublishMode.Changes, CancellationToken.None);

        var discoveries = _sink.Sent.Where(m => m.Topic == _topics.Discovery).Select(m => m.Payload).ToList();
        Assert.Equal(2, discoveries.Count);
        Assert.Equal(["platform"], Component(discoveries[0], "loop_email_poll_state").EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("loop_email_poll_state", Components(discoveries[1]));
        Assert.Equal("", _sink.Last(_topics.State("loop_email_poll_state")));
    }

    [Fact]
    public async Task PublishAsync_LoopsApiDown_KeepsLoopSensorsAndMarksThemUnavailable()
    {
        await _publisher.PublishAsync(Readings(loops: [new LoopInfo("1", "email_poll", "processing", 7)]), PublishMode.Everything, CancellationToken.None);
        _sink.Sent.Clear();

        await _publisher.PublishAsync(Readings(loopsDown: true), PublishMode.Changes, CancellationToken.None);

        Assert.DoesNotContain(_sink.Sent, m => m.Topic == _topics.Discovery);
        Assert.Equal("offline", _sink.Last(_topics.SourceAvailability(LoopsSource.Key)));
    }

    [Fact]
    public async Task PublishAsync_ConnectionLostHalfWay_ThrowsAndTheNextFullPublishResendsAll()
    {
        _sink.FailOnPublish = 5;
        await Assert.ThrowsAsync<Telemetry.Mqtt.BrokerUnavailableException>(() => _publisher.PublishAsync(Readings(), PublishMode.Everything, CancellationToken.None));
        _sink.FailOnPublish = null;
        _sink.Sent.Clear();

        await _publisher.PublishAsync(Readings(), PublishMode.Everything, CancellationToken.None);

        Assert.Contains(_sink.Sent, m => m.Topic == _topics.Discovery);
        Assert.Equal(TestCatalog.Fixed.Count, _sink.Sent.Count(m => m.Topic.EndsWith("/state", StringComparison.Ordinal)));
    }

    private static HashSet<string> Components(string discovery)
    {
        using var document = JsonDocument.Parse(discovery);
        return document.RootElement.GetProperty("components").EnumerateObject().Select(p => p.Name).ToHashSet();
    }

    private static JsonElement Component(string discovery, string key)
    {
        using var document = JsonDocument.Parse(discovery);
        return document.RootElement.GetProperty("components").GetProperty(key).Clone();
    }

    private static CycleReadings Readings(long sessions = 3, bool logsBroken = false, bool loopsDown = false, IReadOnlyList<LoopInfo>? loops = null) =>
        TestReadings.Create(loopsDown ? null : loops ?? [], legacyUsageFile: true, sessions: sessions, logsBroken: logsBroken).With(LegacyUsageSource.Key, new LegacyUsageFigures(0));
}
