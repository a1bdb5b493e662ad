using Microsoft.Extensions.Logging;
using Telemetry.Collection;
using Telemetry.HomeAssistant;
using Telemetry.Mqtt;

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
    private Snapshot? _last;

    /// <summary>Collects and publishes; tells the observers.</summary>
    /// <returns>Whether the snapshot reached the broker.</returns>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var snapshot = await CollectAsync(cancellationToken);
        var published = await PublishAsync(snapshot, cancellationToken);
        Notify(snapshot, published);
        return published;
    }

    /// <summary>Sends everything again from the last snapshot: after a (re)connect or a Home Assistant birth.</summary>
    public async Task RepublishAsync(CancellationToken cancellationToken)
    {
        policy.RequestEverything();
        if (_last is { } snapshot)
        {
            await PublishAsync(snapshot, cancellationToken);
        }
    }

    /// <summary>Publishes the last snapshot again as the policy says (only what changed, normally): when something outside the snapshot changed, such as the discovery payload.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_last is { } snapshot)
        {
            await PublishAsync(snapshot, cancellationToken);
        }
    }

    /// <summary>Reads every source, notes changes in their health, and gives back the memory a large read left behind.</summary>
    public async Task<Snapshot> CollectAsync(CancellationToken cancellationToken)
    {
        var snapshot = await collector.CollectAsync(cancellationToken);
        health.Observe(snapshot);
        MemoryRelief.AfterCollection(snapshot.TableReads);
        _last = snapshot;
        return snapshot;
    }

    /// <returns>Whether the snapshot reached the broker.</returns>
    public async Task<bool> PublishAsync(Snapshot snapshot, CancellationToken cancellationToken)
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
            var sent = await publisher.PublishAsync(snapshot, mode, cancellationToken);
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

    /// <summary>Tells the observers about a snapshot and whether it was published.</summary>
    public void Notify(Snapshot snapshot, bool published)
    {
        foreach (var observer in observers)
        {
            observer.OnCycle(snapshot, publisher.Sensors, published);
        }
    }
}
