using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telemetry.Mqtt;
using Telemetry.Options;
using Telemetry.Sources.Tables;
using Telemetry.Supervisor;

namespace Telemetry.Hosting;

/// <summary>Sequences the add-on: the connection loop, the run (continuous or once), the exit code, and <c>offline</c> at the stop.</summary>
internal sealed class TelemetryWorker(
    ITelemetryRun run,
    ConnectionKeeper keeper,
    MqttConnection connection,
    TelemetryOptions options,
    AgentAccess access,
    BrokerResolver broker,
    KeptWindows kept,
    ExitStatus exit,
    IHostApplicationLifetime lifetime,
    ILogger<TelemetryWorker> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Log.Stopping(logger);

        // The cycles have ended: what the windows hold is complete, and the next start need not read a day again.
        kept.SaveAll();
        await connection.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Started(logger, AddonVersion.Current, options.DeviceName, options.Interval.TotalSeconds, broker.Origin);
        Log.AgentAccess(logger, access.Reason);
        using var connectionStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var connectionLoop = keeper.RunAsync(connectionStop.Token);
        try
        {
            if (!await run.RunAsync(connectionLoop, stoppingToken))
            {
                exit.Fail();
            }

            lifetime.StopApplication();
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
}
