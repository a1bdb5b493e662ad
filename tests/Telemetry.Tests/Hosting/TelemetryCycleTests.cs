using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Telemetry.AgentSimulator;
using Telemetry.HomeAssistant;
using Telemetry.Hosting;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Main;
using Telemetry.Supervisor;
using Telemetry.Testing;

namespace Telemetry.Tests.Hosting;

/// <summary>One cycle of the real pipeline (real WAL files, the real publisher) into a recording sink, on a clock the test moves.</summary>
public sealed class TelemetryCycleTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly AgentDirectory _agent = AgentDirectory.CreateCurrent();
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly RecordingSink _sink = new();
    private readonly Topics _topics = new("homeassistant", "thane");
    private readonly TelemetryHostSettings _settings = new("/nonexistent", RunOnce: false, new SupervisorEndpoint(new Uri("http://supervisor"), null));
    private readonly TelemetryCycle _cycle;

    public TelemetryCycleTests()
    {
        _agent.AddSession("s1", AgentTime.Rfc3339Nano(Start.AddHours(-1)));
        _agent.AddLog(AgentTime.Rfc3339Nano(Start.AddMinutes(-5)), "INFO", "req-1");
        var options = _agent.Options();
        var publisher = new TestHomeAssistant(_sink).Publisher;
        _cycle = new TelemetryCycle(
            TestPipeline.Collector(options, _clock),
            new SourceHealth(NullLogger<SourceHealth>.Instance),
            publisher,
            new PublishPolicy(_settings),
            _sink,
            [],
            _clock,
            NullLogger<TelemetryCycle>.Instance);
    }

    [Fact]
    public async Task RunAsync_FirstCycle_PublishesDiscoveryStatesAndAvailability()
    {
        // When
        var published = await _cycle.RunAsync(CancellationToken.None);

        // Then
        Assert.True(published);
        Assert.NotNull(_sink.Last(_topics.Discovery));
        Assert.Equal("1", _sink.Last(_topics.State("active_sessions")));
        Assert.Equal(Availability.Online, _sink.Last(_topics.SourceAvailability(MainSource.Key)));
        Assert.Equal(Availability.Online, _sink.Last(_topics.Availability));
    }

    [Fact]
    public async Task RunAsync_NextCycleWithOneChange_SendsOnlyThatChange()
    {
        // Given a first cycle on the broker
        await _cycle.RunAsync(CancellationToken.None);
        _sink.Sent.Clear();

        // When one session starts before the next cycle
        _agent.AddSession("s2", AgentTime.Rfc3339Nano(Start));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _cycle.RunAsync(CancellationToken.None);

        // Then: that state, and when the cycle finished
        Assert.Equal([(_topics.State("active_sessions"), "2"), (_topics.State("last_collection"), StateText.Timestamp(Start.AddMinutes(1)))], _sink.Sent);
    }

    [Fact]
    public async Task RunAsync_RepublishPeriodPassed_SendsEverythingAgain()
    {
        // Given a first cycle, and a quiet one after it
        await _cycle.RunAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _cycle.RunAsync(CancellationToken.None);
        _sink.Sent.Clear();

        // When the full-refresh period has passed since the first
        _clock.Advance(_settings.RepublishPeriod - TimeSpan.FromMinutes(1));
        await _cycle.RunAsync(CancellationToken.None);

        // Then discovery, unchanged states and availability go out again
        Assert.Contains(_sink.Sent, m => m.Topic == _topics.Discovery);
        Assert.Contains((_topics.State("active_sessions"), "1"), _sink.Sent);
        Assert.Contains((_topics.Availability, Availability.Online), _sink.Sent);
    }

    [Fact]
    public async Task RepublishAsync_AfterAConnectOrBirth_SendsEverythingFromTheLastSnapshot()
    {
        // Given a first cycle on the broker
        await _cycle.RunAsync(CancellationToken.None);
        _sink.Sent.Clear();
        _agent.AddSession("s2", AgentTime.Rfc3339Nano(Start));

        // When the broker comes back (or Home Assistant restarts) before the next cycle
        await _cycle.RepublishAsync(CancellationToken.None);

        // Then everything is sent again, from the snapshot already read (no new collection)
        Assert.Contains(_sink.Sent, m => m.Topic == _topics.Discovery);
        Assert.Contains((_topics.State("active_sessions"), "1"), _sink.Sent);
        Assert.Contains((_topics.Availability, Availability.Online), _sink.Sent);
    }

    [Fact]
    public async Task RunAsync_BrokerDown_PublishesNothingThenEverythingOnceBack()
    {
        // Given a first cycle on the broker, then the broker goes away
        await _cycle.RunAsync(CancellationToken.None);
        _sink.IsConnected = false;
        _sink.Sent.Clear();

        // When a cycle runs while it is away, and the next one after it is back
        var whileAway = await _cycle.RunAsync(CancellationToken.None);
        _sink.IsConnected = true;
        _clock.Advance(TimeSpan.FromMinutes(1));
        var onceBack = await _cycle.RunAsync(CancellationToken.None);

        // Then nothing was attempted while away, and everything went out once back
        Assert.False(whileAway);
        Assert.True(onceBack);
        Assert.Contains(_sink.Sent, m => m.Topic == _topics.Discovery);
        Assert.Contains((_topics.State("active_sessions"), "1"), _sink.Sent);
    }

    [Fact]
    public async Task RunAsync_ConnectionLostHalfWay_NextCycleSendsEverything()
    {
        // Given a publish that fails on its third message
        _sink.FailOnPublish = 3;
        var failed = await _cycle.RunAsync(CancellationToken.None);
        _sink.FailOnPublish = null;
        _sink.Sent.Clear();

        // When the next cycle runs with nothing changed
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _cycle.RunAsync(CancellationToken.None);

        // Then it sends everything, not only the changes since the half-finished publish
        Assert.False(failed);
        Assert.Contains(_sink.Sent, m => m.Topic == _topics.Discovery);
        Assert.Contains((_topics.State("active_sessions"), "1"), _sink.Sent);
    }

    [Fact]
    public async Task RunAsync_SourceFails_ItsSensorsGoUnavailableAndTheOthersPublish()
    {
        // Given a first cycle on the broker
        await _cycle.RunAsync(CancellationToken.None);
        _sink.Sent.Clear();

        // When logs.db is replaced with garbage and a session starts
        _agent.CloseWriter(_agent.LogsDb);
        File.WriteAllBytes(_agent.LogsDb, Enumerable.Repeat((byte)0xAB, 4096).ToArray());
        _agent.AddSession("s2", AgentTime.Rfc3339Nano(Start));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _cycle.RunAsync(CancellationToken.None);

        // Then the logs source goes offline and the main database's change still goes out
        Assert.Equal(Availability.Offline, _sink.Last(_topics.SourceAvailability(LogsSource.Key)));
        Assert.Equal("2", _sink.Last(_topics.State("active_sessions")));
        Assert.DoesNotContain(_sink.Sent, m => m.Topic == _topics.State("requests_24h"));
    }

    public void Dispose() => _agent.Dispose();
}
