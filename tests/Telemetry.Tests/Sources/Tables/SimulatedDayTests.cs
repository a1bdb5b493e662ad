using Telemetry.Options;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Tables;

/// <summary>A day of the agent's activity read every minute: the sources that keep state give what a full read gives, at every step.</summary>
public sealed class SimulatedDayTests
{
    // A start with a fraction, so that the window's edge falls inside a second.
    internal static readonly DateTimeOffset Start = new(2026, 11, 2, 0, 0, 0, 250, TimeSpan.Zero);

    /// <summary>About 600 requests and 4,000 log rows a day: enough for every case above, small enough to read fully every minute.</summary>
    internal const double RequestsPerMinute = 0.4;

    [Fact]
    public async Task ReadAsync_DayOfAgentActivityReadEveryMinute_EqualsAFullReadAtEveryStepReadingOnlyNewRows()
    {
        // Given eight days of history (so the daily prune has DEBUG rows to delete) and sources that keep state
        using var agent = AgentDirectory.CreateCurrent();
        var (activity, paths, logs, usage) = StartDay(agent);
        var fullReads = 0;
        var pruned = 0;

        // When the clock moves a minute at a time for 26 hours, the agent writing, checkpointing and pruning between reads
        for (var step = 0; step <= 26 * 60; step++)
        {
            var now = Start + TimeSpan.FromMinutes(step);
            if (step > 0)
            {
                activity.Write(now - TimeSpan.FromMinutes(1), now, RequestsPerMinute);
            }

            if (now.Hour == 3 && now.Minute == 0)
            {
                pruned += activity.Prune(now, TimeSpan.FromDays(7));
            }

            if (step % 97 == 0)
            {
                agent.Checkpoint(agent.LogsDb);
            }

            // Then every figure equals the full read's, to the last bit
            var stats = await FullRecomputation.AssertLogsMatchAsync(logs, paths, now, $"step {step}");
            await FullRecomputation.AssertUsageMatchesAsync(usage, paths, now, $"step {step}");
            fullReads += (logs.LastRead.IsFull ? 1 : 0) + (usage.LastRead.IsFull ? 1 : 0);
            Assert.True(stats.Requests > 0 && stats.Errors > 0 && stats.LatencyP95Ms > 0, $"step {step}: the day has requests, errors and latencies ({stats})");
        }

        // And after the first read, only new rows were read: the prune and the window's expiry needed no full read
        Assert.True(pruned > 0, "the daily prune deleted old DEBUG and TRACE rows");
        Assert.Equal(2, fullReads);
    }

    [Fact]
    public async Task ReadAsync_QuietMinutesWithTheFilesUntouched_MoveTheWindowWithoutReadingAndStillEqualAFullRead()
    {
        // Given the same history, and an agent that writes every ten minutes and then leaves its files alone
        using var agent = AgentDirectory.CreateCurrent();
        var (activity, paths, logs, usage) = StartDay(agent);
        var nothingRead = 0;
        var readForTheWindowEdge = 0;

        // When the clock moves a minute at a time for 26 hours, the files dated long ago after every write
        for (var step = 0; step <= 26 * 60; step++)
        {
            var now = Start + TimeSpan.FromMinutes(step);
            var writes = step > 0 && step % 10 == 0;
            if (writes)
            {
                activity.Write(now - TimeSpan.FromMinutes(10), now, RequestsPerMinute);
            }

            agent.AgeFiles();

            // Then every figure equals the full read's, whether the sources read or not
            await FullRecomputation.AssertLogsMatchAsync(logs, paths, now, $"step {step}");
            await FullRecomputation.AssertUsageMatchesAsync(usage, paths, now, $"step {step}");
            nothingRead += (IsNothingRead(logs.LastRead) ? 1 : 0) + (IsNothingRead(usage.LastRead) ? 1 : 0);
            readForTheWindowEdge += !writes && step > 1 && !IsNothingRead(logs.LastRead) && !logs.LastRead.Audited ? 1 : 0;
        }

        // And most quiet minutes read nothing; those where a request lost only some of its rows read them
        Assert.True(nothingRead > 2 * 26 * 60 * 8 / 10, $"{nothingRead} reads of nothing");
        Assert.True(readForTheWindowEdge > 0, "a request lost some of its rows to the window while the agent was quiet");
    }

    // The eight days of history both days start from, and sources over them that keep state.
    private static (AgentActivity Activity, AgentPaths Paths, LogsReader Logs, UsageReader Usage) StartDay(AgentDirectory agent)
    {
        var activity = new AgentActivity(agent, seed: 7);
        WriteHistory(activity);
        var paths = AgentPaths.From(agent.Options());
        return (activity, paths, new LogsReader(paths, new MemoryRelief()), new UsageReader(paths, TimeProvider.System, new MemoryRelief()));
    }

    private static bool IsNothingRead(TableRead read) => read with { Held = 0 } == TableRead.Unchanged(0);

    internal static void WriteHistory(AgentActivity activity)
    {
        for (var at = Start.AddDays(-8); at < Start; at += TimeSpan.FromHours(1))
        {
            activity.Write(at, at + TimeSpan.FromHours(1), requestsPerMinute: at < Start.AddDays(-1) ? 0.05 : RequestsPerMinute);
        }
    }
}
