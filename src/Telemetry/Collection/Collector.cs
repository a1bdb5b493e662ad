namespace Telemetry.Collection;

/// <summary>Reads every source once and returns what each gave.</summary>
internal sealed class Collector(
    MainDatabaseSource main,
    UsageSource usage,
    LogsSource logs,
    AttachmentsSource attachments,
    LegacyUsageFileSource legacyUsage,
    LoopsSource loops,
    TimeProvider timeProvider)
{
    public async Task<Snapshot> CollectAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();

        // The agent's API answers while the databases are read. The databases are read one after another:
        // they share a disk with the agent, and Microsoft.Data.Sqlite's async calls run synchronously anyway.
        var loopsTask = loops.ReadAsync(cancellationToken);
        var databases = await Task.Run(
            async () => (
                Main: await main.ReadAsync(cancellationToken),
                Usage: await usage.ReadAsync(now, cancellationToken),
                Logs: await logs.ReadAsync(now, cancellationToken),
                Attachments: await attachments.ReadAsync(cancellationToken),
                LegacyUsage: await legacyUsage.ReadAsync()),
            cancellationToken);

        return new Snapshot(now, databases.Main, databases.Usage, databases.Logs, databases.Attachments, databases.LegacyUsage, await loopsTask);
    }
}
