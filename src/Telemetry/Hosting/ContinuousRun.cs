using Telemetry.HomeAssistant;
using Telemetry.Mqtt;
using Telemetry.Options;

namespace Telemetry.Hosting;

/// <summary>A cycle every interval and whenever a source asks for one, and everything again on every connect and Home Assistant birth (<see cref="BirthDebounce"/>), until stopped.</summary>
internal sealed class ContinuousRun(
    TelemetryCycle cycle, MqttConnection connection, BirthWatch births, BirthDebounce debounce, AgentDeviceWatch agentDevice, TelemetryOptions options, TimeProvider timeProvider)
    : ITelemetryRun
{
    public async Task<bool> RunAsync(Task connectionLoop, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Interval, timeProvider);
        var never = new TaskCompletionSource().Task;
        Task<bool> tick = Task.FromResult(true);
        var connected = connection.Connected.WaitAsync(cancellationToken);
        var born = births.Births.WaitAsync(cancellationToken);
        var agentMoved = agentDevice.Changed.WaitAsync(cancellationToken);
        var deferredBirth = never;
        var asked = never;
        DateTimeOffset? askedAt = null;
        CancellationTokenSource? askedStop = null;
        try
        {
            while (true)
            {
                var next = await Task.WhenAny(tick, asked, connected, born, deferredBirth, agentMoved, connectionLoop);
                await next;
                if (next == connectionLoop)
                {
                    throw new InvalidOperationException("The MQTT connection loop ended on its own.");
                }

                if (next == tick || next == asked)
                {
                    await cycle.RunAsync(cancellationToken);
                    tick = next == tick ? timer.WaitForNextTickAsync(cancellationToken).AsTask() : tick;
                    // A source's wish moves a little with every answer (the agent's clock is estimated anew): a new timer only when it moved.
                    if (next == asked || Moved(askedAt, cycle.NextCycleAt))
                    {
                        askedStop?.Cancel();
                        askedStop?.Dispose();
                        askedStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        askedAt = cycle.NextCycleAt;
                        asked = askedAt is { } at ? Task.Delay(Max(at - timeProvider.GetUtcNow(), TimeSpan.Zero), timeProvider, askedStop.Token) : never;
                    }
                }
                else if (next == agentMoved)
                {
                    // The agent's device came or went: the discovery payload's via_device follows it.
                    agentDevice.Changed.TryConsume();
                    agentMoved = agentDevice.Changed.WaitAsync(cancellationToken);
                    await cycle.PublishChangesAsync(cancellationToken);
                }
                else if (next == connected)
                {
                    // One full publish answers every connect that arrived meanwhile.
                    connection.Connected.TryConsume();
                    connected = connection.Connected.WaitAsync(cancellationToken);
                    await cycle.RepublishAsync(cancellationToken);
                }
                else if (next == born)
                {
                    births.Births.TryConsume();
                    born = births.Births.WaitAsync(cancellationToken);
                    var wait = debounce.OnBirth();
                    if (wait == TimeSpan.Zero)
                    {
                        await cycle.RepublishAsync(cancellationToken);
                    }
                    else if (wait is { } delay)
                    {
                        deferredBirth = Task.Delay(delay, timeProvider, cancellationToken);
                    }
                }
                else
                {
                    deferredBirth = never;
                    debounce.DeferredDue();
                    await cycle.RepublishAsync(cancellationToken);
                }
            }
        }
        finally
        {
            askedStop?.Dispose();
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static bool Moved(DateTimeOffset? was, DateTimeOffset? now) =>
        was is not { } a || now is not { } b ? was != now : (a - b).Duration() > TimeSpan.FromMilliseconds(100);
}
