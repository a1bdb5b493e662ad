using Telemetry.Sources.Agent;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Sessions;
using Telemetry.Sources.Usage;

namespace Telemetry.Collection;

/// <summary>Reads every source once and returns what each gave.</summary>
internal sealed class Collector(
    SessionsSource main,
    UsageSource usage,
    LogsSource logs,
    AttachmentsSource attachments,
    LegacyUsageFileSource legacyUsage,
    LoopsSource loops,
    AgentStatusSource agent,
    TimeProvider timeProvider)
{
    public async Task<Snapshot> CollectAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();

        // Every source is read at once, each on its own connection: a locked or slow database then delays only
        // its own sensors, and the cycle takes as long as the slowest source (bounded by the busy timeout).
        // Microsoft.Data.Sqlite's async calls run synchronously, hence Task.Run.
        var mainTask = Task.Run(() => main.ReadAsync(cancellationToken), cancellationToken);
        var usageTask = Task.Run(() => usage.ReadAsync(now, cancellationToken), cancellationToken);
        var logsTask = Task.Run(() => logs.ReadAsync(now, cancellationToken), cancellationToken);
        var attachmentsTask = Task.Run(() => attachments.ReadAsync(cancellationToken), cancellationToken);
        var legacyTask = legacyUsage.ReadAsync();
        var loopsTask = loops.ReadAsync(cancellationToken);
        var agentTask = agent.ReadAsync(now, cancellationToken);
        await Task.WhenAll(mainTask, usageTask, logsTask, attachmentsTask, legacyTask, loopsTask, agentTask);

        return new Snapshot(now, timeProvider.GetUtcNow(), await mainTask, await usageTask, await logsTask, await attachmentsTask, await legacyTask,
            await loopsTask, await agentTask, [logs.LastRead, usage.LastRead]);
    }
}
