using Telemetry.AgentSimulator;
using Telemetry.Options;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Tables;

/// <summary>Rows deleted inside the window by something other than the agent's own prune.</summary>
public sealed class DeletionsInsideTheWindowTests
{
    [Fact]
    public async Task ReadAsync_RowsDeletedInsideTheWindowWithAnAuditOnEveryRead_EqualsAFullReadAtEveryStep()
    {
        // Given sources that count the window's rows again on every read
        using var agent = AgentDirectory.CreateCurrent();
        var activity = new AgentActivity(agent, seed: 11);
        SimulatedDayTests.WriteHistory(activity);
        var paths = AgentPaths.From(agent.Options());
        var everyRead = new IncrementalSettings(TimeSpan.Zero);
        var logs = new LogsReader(paths, new MemoryRelief(), everyRead);
        var usage = new UsageReader(paths, TimeProvider.System, new MemoryRelief(), everyRead);
        var deletions = 0;
        var fullReads = 0;

        // When, every two hours, a short retention prunes DEBUG rows inside the window and another program deletes rows of any level
        for (var step = 0; step <= 12 * 60; step++)
        {
            var now = SimulatedDayTests.Start + TimeSpan.FromMinutes(step);
            if (step > 0)
            {
                activity.Write(now - TimeSpan.FromMinutes(1), now, SimulatedDayTests.RequestsPerMinute);
            }

            if (step % 120 == 60)
            {
                deletions += activity.Prune(now, TimeSpan.FromHours(12)) > 0 ? 1 : 0;
                deletions += activity.DeleteSomeRecentRows(now, rows: 5) > 0 ? 1 : 0;
            }

            // Then every figure equals the full read's, right after each deletion too
            await FullRecomputation.AssertLogsMatchAsync(logs, paths, now, $"step {step}");
            await FullRecomputation.AssertUsageMatchesAsync(usage, paths, now, $"step {step}");
            fullReads += logs.LastRead.IsFull ? 1 : 0;
        }

        // And each deletion cost one full read, no more
        Assert.True(deletions >= 6, $"{deletions} deletions");
        Assert.InRange(fullReads, 2, 1 + (deletions / 2) + 1);
    }

    [Fact]
    public async Task ReadAsync_RowsDeletedInsideTheWindowByAnotherProgram_AreNoticedByTheNextAudit()
    {
        // Given sources with the default audit period, read once (a full read is an audit)
        using var agent = AgentDirectory.CreateCurrent();
        var activity = new AgentActivity(agent, seed: 5);
        activity.Write(SimulatedDayTests.Start.AddDays(-1), SimulatedDayTests.Start, requestsPerMinute: 0.5);
        var paths = AgentPaths.From(agent.Options());
        var logs = new LogsReader(paths, new MemoryRelief());
        var usage = new UsageReader(paths, TimeProvider.System, new MemoryRelief());
        var now = SimulatedDayTests.Start;
        await FullRecomputation.AssertLogsMatchAsync(logs, paths, now);
        await FullRecomputation.AssertUsageMatchesAsync(usage, paths, now);

        // When error rows and usage rows inside the window (not the last ones) are deleted, and reads go on every minute
        AgentSql.Execute(agent.Writer(agent.LogsDb), "DELETE FROM log_entries WHERE level = 'ERROR' AND id % 2 = 0 AND id < (SELECT MAX(id) FROM log_entries)");
        AgentSql.Execute(agent.Writer(agent.MainDb), "DELETE FROM usage_records WHERE rowid % 4 = 0 AND rowid < (SELECT MAX(rowid) FROM usage_records)");
        var logsFull = new List<int>();
        var usageFull = new List<int>();
        for (var minute = 1; minute <= 15; minute++)
        {
            await logs.ReadAsync(now.AddMinutes(minute), CancellationToken.None);
            await usage.ReadAsync(now.AddMinutes(minute), CancellationToken.None);
            if (logs.LastRead.IsFull)
            {
                logsFull.Add(minute);
                Assert.Contains("deleted", logs.LastRead.Reason, StringComparison.Ordinal);
            }

            if (usage.LastRead.IsFull)
            {
                usageFull.Add(minute);
                Assert.Contains("deleted", usage.LastRead.Reason, StringComparison.Ordinal);
            }
        }

        // Then the audit 15 minutes after the last one read everything again, and the figures are right from then on
        Assert.Equal([15], logsFull);
        Assert.Equal([15], usageFull);
        await FullRecomputation.AssertLogsMatchAsync(logs, paths, now.AddMinutes(16));
        await FullRecomputation.AssertUsageMatchesAsync(usage, paths, now.AddMinutes(16));
    }

    [Fact]
    public async Task ReadAsync_AgentPruneOfOldDebugRows_NeedsNoFullRead()
    {
        // Given a week of history with DEBUG and TRACE rows, read once
        using var agent = AgentDirectory.CreateCurrent();
        var activity = new AgentActivity(agent, seed: 8);
        activity.Write(SimulatedDayTests.Start.AddDays(-9), SimulatedDayTests.Start, requestsPerMinute: 0.1);
        var paths = AgentPaths.From(agent.Options());
        var logs = new LogsReader(paths, new MemoryRelief(), new IncrementalSettings(TimeSpan.Zero));
        await FullRecomputation.AssertLogsMatchAsync(logs, paths, SimulatedDayTests.Start);

        // When the agent prunes with its default retention, and the next read audits
        var pruned = activity.Prune(SimulatedDayTests.Start, TimeSpan.FromDays(7));
        await FullRecomputation.AssertLogsMatchAsync(logs, paths, SimulatedDayTests.Start.AddMinutes(1));

        // Then the deleted rows were all behind the window: nothing to read again
        Assert.True(pruned > 100, $"{pruned} rows pruned");
        Assert.False(logs.LastRead.IsFull, logs.LastRead.Reason);
    }
}
