using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telemetry.Sources;
using Telemetry.Supervisor;

namespace Telemetry.History;

/// <summary>Runs the import beside the MQTT side, never touching it: a pass at start, then one after each top of the hour; a failure waits and tries again.</summary>
/// <remarks>
/// Each pass opens its own connection to Core through the Supervisor's proxy (<c>ws://supervisor/core/websocket</c>)
/// and closes it: an idle websocket held for an hour would have to answer Core's heartbeats meanwhile. What fails
/// (Core not reachable or not ready, a refusal, a dropped connection, the agent's database unreadable) is the status
/// <c>failed</c> with its reason, one log line per new reason, and a retry after 30 s, doubling up to 30 minutes.
/// </remarks>
internal sealed class HistoryImportService(
    HistoryImporter importer, HistoryImportState state, SupervisorEndpoint supervisor, HistoryImportSettings settings, TimeProvider timeProvider, ILogger<HistoryImportService> logger,
    FirstCycleGate? firstCycle = null)
    : BackgroundService
{
    /// <summary>Core's websocket API behind the Supervisor's proxy.</summary>
    public static Uri CoreWebSocket(Uri supervisor) =>
        new UriBuilder(supervisor) { Scheme = supervisor.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Path = "core/websocket" }.Uri;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if ((state.Absent is not null && !state.RemoveOnly) || supervisor.Token is not { } token)
        {
            Log.HistoryImportOff(logger, state.Absent ?? "no Supervisor token");
            return;
        }

        if (firstCycle is not null)
        {
            try
            {
                await Task.WhenAny(firstCycle.Passed, Task.Delay(FirstCycleGate.Longest, timeProvider, stoppingToken));
                stoppingToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }

        var retry = settings.FirstRetry;
        string? lastProblem = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(token, stoppingToken);
                if (state.RemoveOnly)
                {
                    Log.HistoryImportOff(logger, state.Absent ?? "");
                    return;
                }

                retry = settings.FirstRetry;
                lastProblem = null;
                var now = timeProvider.GetUtcNow();
                var next = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero).AddHours(1) + settings.AfterTheHour;
                await Task.Delay(next - now, timeProvider, stoppingToken);
            }
            catch (Exception ex) when (IsExpected(ex) && !stoppingToken.IsCancellationRequested)
            {
                var problem = Describe(ex);
                state.Set(state.Status with { State = HistoryImportStatus.Failed, Problem = problem });
                if (problem != lastProblem)
                {
                    Log.HistoryImportFailed(logger, retry, problem);
                }
                else
                {
                    Log.HistoryImportFailedAgain(logger, problem);
                }

                lastProblem = problem;
                await Task.Delay(retry, timeProvider, stoppingToken);
                retry = retry * 2 < settings.MaxRetry ? retry * 2 : settings.MaxRetry;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task PassAsync(string token, CancellationToken stoppingToken)
    {
        // The pass as a whole may take minutes (a year of history, paced); each command is bounded on its own.
        await using var core = await CoreSocket.ConnectAsync(CoreWebSocket(supervisor.BaseUrl), token, settings.CallTimeout, timeProvider, stoppingToken);
        await (state.RemoveOnly ? importer.RemoveAsync(core, stoppingToken) : importer.PassAsync(core, stoppingToken));
    }

    private static bool IsExpected(Exception ex) =>
        ex is HistoryImportException or WebSocketException or JsonException or HttpRequestException or TimeoutException
        || (ex is OperationCanceledException) || SourceFailure.IsExpected(ex);

    private static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "Home Assistant did not answer in time",
        WebSocketException socket => $"Home Assistant's websocket failed: {socket.Message}",
        _ => SourceFailure.Describe(ex),
    };
}
