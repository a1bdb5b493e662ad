namespace Telemetry.Mqtt;

/// <summary>Keeps the connection up: finds the broker, connects, and reconnects with a short backoff whenever it drops.</summary>
/// <remarks>
/// MQTTnet 5 has no managed client, and its maintainers advise reconnecting from a supervised loop rather than from
/// the <c>DisconnectedAsync</c> handler, which here only wakes this loop (<see cref="MqttConnection.Dropped"/>).
/// A failed attempt is retried within 2 s, so the add-on is back within 5 s of a restarted broker.
/// </remarks>
internal sealed class ConnectionKeeper(MqttConnection connection, IBrokerSource brokers, TimeProvider timeProvider)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);
    /// <summary>How often a connected client pings the broker: half the keep-alive it announces (<see cref="AnnouncedKeepAlive"/>).</summary>
    public static readonly TimeSpan HealthCheck = TimeSpan.FromSeconds(AnnouncedKeepAlive.Seconds / 2.0);

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var retry = FirstRetry;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (connection.IsConnected)
            {
                await WaitAsync(HealthCheck, connection.Dropped, cancellationToken);
                await connection.PingAsync(cancellationToken);
                continue;
            }

            var broker = await brokers.ResolveAsync(cancellationToken);
            if (broker is null)
            {
                await WaitAsync(brokers.RetryDelay, null, cancellationToken);
                continue;
            }

            if (await connection.TryConnectAsync(broker, cancellationToken) is not { } failure)
            {
                brokers.Connected();
                retry = FirstRetry;
                continue;
            }

            brokers.Failed(broker, failure.Problem, failure.Credentials);
            await WaitAsync(retry, null, cancellationToken);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    /// <summary>Waits for the delay, or less if <paramref name="wake"/> completes meanwhile.</summary>
    private async Task WaitAsync(TimeSpan delay, Task? wake, CancellationToken cancellationToken)
    {
        using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delayed = Task.Delay(delay, timeProvider, cancelDelay.Token);
        await (wake is null ? Task.WhenAny(delayed) : Task.WhenAny(wake, delayed));
        await cancelDelay.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
