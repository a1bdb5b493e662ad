using Telemetry.Mqtt;

namespace Telemetry.Hosting;

/// <summary><c>--once</c>: one collection, published in full once the broker answers, bounded in time.</summary>
internal sealed class OnceRun(TelemetryCycle cycle, MqttConnection connection, TelemetryHostSettings settings, TimeProvider timeProvider) : ITelemetryRun
{
    /// <param name="connectionLoop">The connection keeper's loop: if it ends, so does the wait.</param>
    /// <returns>Whether the cycle reached the broker within <see cref="TelemetryHostSettings.OnceConnectTimeout"/>.</returns>
    public async Task<bool> RunAsync(Task connectionLoop, CancellationToken cancellationToken)
    {
        var readings = await cycle.CollectAsync(cancellationToken);
        using var wait = new TimeLimit(settings.OnceConnectTimeout, timeProvider, cancellationToken);
        var published = false;
        try
        {
            await Task.WhenAny(connection.Connected.WaitAsync(wait.Token), connectionLoop).Unwrap();
            published = await cycle.PublishAsync(readings, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        cycle.Notify(readings, published);
        return published;
    }
}
