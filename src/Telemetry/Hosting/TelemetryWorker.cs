using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telemetry.HomeAssistant;
using Telemetry.Mqtt;
using Telemetry.Options;
using Telemetry.Supervisor;

namespace Telemetry.Hosting;

/// <summary>Sequences the add-on: keeps the connection up, runs a cycle every interval, and everything again on every connect and Home Assistant birth.</summary>
internal sealed class TelemetryWorker(
    TelemetryCycle cycle,
    OnceRun once,
    MqttConnection connection,
    ConnectionKeeper keeper,
    BirthWatch births,
    AgentDeviceWatch agentDevice,
    BrokerResolver broker,
    TelemetryOptions options,
    TelemetryHostSettings settings,
    ExitStatus exit,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<TelemetryWorker> logger) : BackgroundService
{
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
        var connectionLoop = keeper.RunAsync(connectionStop.Token);
        try
        {
            if (settings.RunOnce)
            {
                if (!await once.RunAsync(connectionLoop, stoppingToken))
                {
                    exit.Fail();
                }

                lifetime.StopApplication();
                return;
            }

            await RunForeverAsync(connectionLoop, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Anything else is a bug: stop with a non-zero code so the Supervisor's watchdog restarts the add-on.
            Log.UnexpectedFailure(logger, ex);
            exit.Fail();
            lifetime.StopApplication();
        }
        finally
        {
            await connectionStop.CancelAsync();
            await Task.WhenAny(connectionLoop);
        }
    }

    /// <summary>After a republish for a birth, further births wait this long and are answered by one republish.</summary>
    /// <remarks>
    /// Home Assistant sends one birth per start; a flood (several instances on one broker, a client replaying the topic)
    /// must not turn into a full publish per message. The first birth is answered at once.
    /// </remarks>
    public static readonly TimeSpan BirthQuietPeriod = TimeSpan.FromSeconds(10);

    private async Task RunForeverAsync(Task connectionLoop, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Interval, timeProvider);
        var never = new TaskCompletionSource().Task;
        Task<bool> tick = Task.FromResult(true);
        var connected = connection.Connected.WaitAsync(cancellationToken);
        var born = births.Births.WaitAsync(cancellationToken);
        var agentMoved = agentDevice.Changed.WaitAsync(cancellationToken);
        var deferredBirth = never;
        long? lastBirthRepublish = null;
        while (true)
        {
            var next = await Task.WhenAny(tick, connected, born, deferredBirth, agentMoved, connectionLoop);
            await next;
            if (next == connectionLoop)
            {
                throw new InvalidOperationException("The MQTT connection loop ended on its own.");
            }

            if (next == tick)
            {
                await cycle.RunAsync(cancellationToken);
                tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
            }
            else if (next == agentMoved)
            {
                // The agent's device came or went: the discovery payload's via_device follows it.
                agentDevice.Changed.TryConsume();
                agentMoved = agentDevice.Changed.WaitAsync(cancellationToken);
                await cycle.RefreshAsync(cancellationToken);
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
                var quiet = lastBirthRepublish is { } last ? BirthQuietPeriod - timeProvider.GetElapsedTime(last) : TimeSpan.Zero;
                if (quiet > TimeSpan.Zero)
                {
                    deferredBirth = deferredBirth == never ? Task.Delay(quiet, timeProvider, cancellationToken) : deferredBirth;
                    continue;
                }

                lastBirthRepublish = timeProvider.GetTimestamp();
                await cycle.RepublishAsync(cancellationToken);
            }
            else
            {
                deferredBirth = never;
                lastBirthRepublish = timeProvider.GetTimestamp();
                await cycle.RepublishAsync(cancellationToken);
            }
        }
    }
}
