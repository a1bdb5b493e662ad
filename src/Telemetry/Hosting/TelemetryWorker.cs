using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telemetry.Collection;
using Telemetry.Mqtt;
using Telemetry.Options;
using Telemetry.Publishing;

namespace Telemetry.Hosting;

/// <summary>Sequences the add-on: one collection and publish per interval, plus a full re-publish on every connect and Home Assistant birth.</summary>
internal sealed class TelemetryWorker(
    Collector collector,
    TelemetryPublisher publisher,
    MqttConnection connection,
    BrokerResolver broker,
    SourceHealth health,
    TelemetryOptions options,
    TelemetryHostSettings settings,
    IEnumerable<ICycleObserver> observers,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<TelemetryWorker> logger) : BackgroundService
{
    private Snapshot? _last;
    private bool _needsEverything = true;
    private DateTimeOffset _lastFullPublish = DateTimeOffset.MinValue;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Log.Stopping(logger);
        await connection.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Started(logger, Version.Current, options.ThaneDir, options.DeviceName, options.Interval.TotalSeconds, broker.Origin);
        using var connectionStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var connectionLoop = connection.RunAsync(connectionStop.Token);
        try
        {
            await (settings.RunOnce ? RunOnceAsync(connectionLoop, stoppingToken) : RunForeverAsync(connectionLoop, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Anything else is a bug: stop with a non-zero code so the Supervisor's watchdog restarts the add-on.
            Log.UnexpectedFailure(logger, ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            await connectionStop.CancelAsync();
            await Task.WhenAny(connectionLoop);
        }
    }

    private async Task RunForeverAsync(Task connectionLoop, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Interval, timeProvider);
        Task<bool> tick = Task.FromResult(true);
        var republish = connection.RepublishRequests.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            var next = await Task.WhenAny(tick, republish, connectionLoop);
            if (next == connectionLoop)
            {
                await connectionLoop;
                throw new InvalidOperationException("The MQTT connection loop ended on its own.");
            }

            if (next == tick)
            {
                await tick;
                await RunCycleAsync(cancellationToken);
                tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
                continue;
            }

            await republish;
            while (connection.RepublishRequests.TryRead(out _))
            {
                // One full publish answers every request that arrived meanwhile.
            }

            _needsEverything = true;
            if (_last is not null)
            {
                await PublishAsync(_last, cancellationToken);
            }

            republish = connection.RepublishRequests.WaitToReadAsync(cancellationToken).AsTask();
        }
    }

    /// <summary><c>--once</c>: one collection, published in full once the broker answers, then exit.</summary>
    private async Task RunOnceAsync(Task connectionLoop, CancellationToken cancellationToken)
    {
        var snapshot = await CollectAsync(cancellationToken);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(settings.OnceConnectTimeout);
        var published = false;
        try
        {
            await Task.WhenAny(connection.RepublishRequests.WaitToReadAsync(wait.Token).AsTask(), connectionLoop).Unwrap();
            published = await PublishAsync(snapshot, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        Notify(snapshot, published);
        if (!published)
        {
            Environment.ExitCode = 1;
        }

        lifetime.StopApplication();
    }

    private async Task RunCycleAsync(CancellationToken cancellationToken)
    {
        var snapshot = await CollectAsync(cancellationToken);
        var published = await PublishAsync(snapshot, cancellationToken);
        Notify(snapshot, published);
    }

    private async Task<Snapshot> CollectAsync(CancellationToken cancellationToken)
    {
        var snapshot = await collector.CollectAsync(cancellationToken);
        health.Observe(snapshot);
        _last = snapshot;
        return snapshot;
    }

    /// <returns>Whether the snapshot reached the broker.</returns>
    private async Task<bool> PublishAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        if (!connection.IsConnected)
        {
            // Sent in full by the republish that follows the (re)connect.
            _needsEverything = true;
            return false;
        }

        var now = timeProvider.GetUtcNow();
        var everything = _needsEverything || now - _lastFullPublish >= settings.FullRefreshPeriod;
        try
        {
            var sent = await publisher.PublishAsync(snapshot, everything, cancellationToken);
            if (everything)
            {
                _lastFullPublish = now;
            }

            _needsEverything = false;
            Log.Published(logger, sent, everything ? "everything" : "changes");
            return true;
        }
        catch (BrokerUnavailableException ex)
        {
            Log.PublishFailed(logger, ex.Message);
            _needsEverything = true;
            return false;
        }
    }

    private void Notify(Snapshot snapshot, bool published)
    {
        foreach (var observer in observers)
        {
            observer.OnCycle(snapshot, publisher.Sensors, published);
        }
    }
}
