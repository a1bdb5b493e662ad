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

    private async Task RunForeverAsync(Task connectionLoop, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Interval, timeProvider);
        Task<bool> tick = Task.FromResult(true);
        var connected = connection.Connected.WaitAsync(cancellationToken);
        var born = births.Births.WaitAsync(cancellationToken);
        var agentMoved = agentDevice.Changed.WaitAsync(cancellationToken);
        while (true)
        {
            var next = await Task.WhenAny(tick, connected, born, agentMoved, connectionLoop);
            if (next == connectionLoop)
            {
                await connectionLoop;
                throw new InvalidOperationException("The MQTT connection loop ended on its own.");
            }

            if (next == tick)
            {
                await tick;
                await cycle.RunAsync(cancellationToken);
                tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
                continue;
            }

            if (next == agentMoved)
            {
                // The agent's device came or went: the discovery payload's via_device follows it.
                await agentMoved;
                agentDevice.Changed.TryConsume();
                agentMoved = agentDevice.Changed.WaitAsync(cancellationToken);
                await cycle.RefreshAsync(cancellationToken);
                continue;
            }

            // One full publish answers every connect and birth that arrived meanwhile.
            await next;
            if (connection.Connected.TryConsume())
            {
                connected = connection.Connected.WaitAsync(cancellationToken);
            }

            if (births.Births.TryConsume())
            {
                born = births.Births.WaitAsync(cancellationToken);
            }

            await cycle.RepublishAsync(cancellationToken);
        }
    }
}
