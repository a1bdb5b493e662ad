using Microsoft.Extensions.Logging;
using Telemetry.Collection;
using Telemetry.HomeAssistant;
using Telemetry.Mqtt;
using Telemetry.Sources;

namespace Telemetry.Hosting;

/// <summary>One collection cycle: read every source, note what changed in their health, publish as the policy says.</summary>
internal sealed class TelemetryCycle(
    Collector collector,
    SourceHealth health,
    TelemetryPublisher publisher,
    PublishPolicy policy,
    IMqttSink sink,
    IEnumerable<ICycleObserver> observers,
    TimeProvider timeProvider,
    ILogger<TelemetryCycle> logger)
{
    private CycleReadings? _last;

    /// <summary>When a source wants a cycle of its own besides the interval's (the agent's API at a top of the hour); null for none.</summary>
    public DateTimeOffset? NextCycleAt => collector.NextCycleAt;

    /// <summary>Collects and publishes; tells the observers.</summary>
    /// <returns>Whether the readings reached the broker.</returns>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var cycle = await CollectAsync(cancellationToken);
        var published = await PublishAsync(cycle, cancellationToken);
        Notify(cycle, published);
        return published;
    }

    /// <summary>Sends everything again from the last readings: after a (re)connect or a Home Assistant birth.</summary>
    public async Task RepublishAsync(CancellationToken cancellationToken)
    {
        policy.RequestEverything();
        if (_last is { } last)
        {
            await PublishAsync(last, cancellationToken);
        }
    }

    /// <summary>Publishes the last readings again, sending what changed (as the policy says): when something outside them changed, such as the agent's device in the discovery payload.</summary>
    public async Task PublishChangesAsync(CancellationToken cancellationToken)
    {
        if (_last is { } last)
        {
            await PublishAsync(last, cancellationToken);
        }
    }

    /// <summary>Reads every source and notes changes in their health.</summary>
    public async Task<CycleReadings> CollectAsync(CancellationToken cancellationToken)
    {
        var cycle = await collector.CollectAsync(cancellationToken);
        health.Observe(cycle);
        _last = cycle;
        return cycle;
    }

    /// <returns>Whether the readings reached the broker.</returns>
    public async Task<bool> PublishAsync(CycleReadings cycle, CancellationToken cancellationToken)
    {
        if (!sink.IsConnected)
        {
            // Sent in full by the republish that follows the (re)connect.
            policy.RequestEverything();
            return false;
        }

        var now = timeProvider.GetUtcNow();
        var mode = policy.Next(now);
        try
        {
            var sent = await publisher.PublishAsync(cycle, mode, cancellationToken);
            policy.Published(mode, now);
            Log.Published(logger, sent, mode == PublishMode.Everything ? "everything" : "changes");
            return true;
        }
        catch (BrokerUnavailableException ex)
        {
            Log.PublishFailed(logger, ex.Message);
            policy.RequestEverything();
            return false;
        }
    }

    /// <summary>Tells the observers about a cycle and whether it was published.</summary>
    public void Notify(CycleReadings cycle, bool published)
    {
        foreach (var observer in observers)
        {
            observer.OnCycle(cycle, publisher.Sensors, published);
        }
    }
}
