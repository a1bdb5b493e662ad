using System.Diagnostics;
using Telemetry.AgentSimulator;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Main;

namespace Telemetry.IntegrationTests.Reliability;

/// <summary>Promise 4: the agent holds a database. Its sensors go unavailable (they do not keep a stale value); the rest publish on time.</summary>
public sealed class HeldDatabaseTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    [Fact]
    public async Task ExclusiveLock_LongerThanTheInterval_OnlyThatSourceGoesUnavailableWithinTheBusyTimeoutThenRecovers()
    {
        // Given a running add-on
        await using var driven = await DrivenAddon.StartAsync(broker);
        var logs = driven.Agent.Directory.Writer(driven.Agent.Directory.LogsDb);

        // When the agent takes an exclusive lock on logs.db and keeps it over the next cycle (exclusive locking mode blocks WAL readers)
        AgentSql.Execute(logs, "PRAGMA locking_mode=EXCLUSIVE");
        AgentSql.Execute(logs, "INSERT INTO log_entries (timestamp, level, msg) VALUES ('2026-01-01T00:00:00Z', 'INFO', 'x')");
        driven.Agent.Directory.AddSession("during-lock", AgentTime.Rfc3339Nano(driven.Clock.GetUtcNow()));
        var cycle = Stopwatch.StartNew();
        driven.NextCycle();

        // Then logs go unavailable within a bounded time, less than the interval, and the others still publish in that cycle
        await driven.SourceAsync(LogsSource.Key, "offline");
        await driven.StateAsync("active_sessions", "4");
        Assert.True(cycle.Elapsed < driven.Interval, $"the cycle took {cycle.Elapsed}");
        Assert.Equal("online", driven.Last(driven.Addon.Topics.SourceAvailability(MainSource.Key)));

        // And a second locked cycle logs nothing new: the state did not change
        driven.Agent.Directory.AddSession("still-locked", AgentTime.Rfc3339Nano(driven.Clock.GetUtcNow()));
        driven.NextCycle();
        await driven.StateAsync("active_sessions", "5");
        Assert.Equal(1, driven.Logs.Count(11, "Source logs"));

        // When the lock is released, the next cycle reads it again
        AgentSql.Execute(logs, "PRAGMA locking_mode=NORMAL");
        AgentSql.Execute(logs, "SELECT COUNT(*) FROM log_entries");
        driven.NextCycle();
        await driven.SourceAsync(LogsSource.Key, "online");
        Assert.Equal(1, driven.Logs.Count(13, "Source logs"));
    }

    [Fact]
    public async Task ExclusiveTransaction_InWalMode_DoesNotDisturbTheReader()
    {
        // Given a running add-on
        await using var driven = await DrivenAddon.StartAsync(broker);
        var main = driven.Agent.Directory.Writer(driven.Agent.Directory.MainDb);

        // When the agent holds an exclusive write transaction across cycles
        AgentSql.Execute(main, "BEGIN EXCLUSIVE");
        AgentSql.Execute(main, "INSERT INTO sessions (id, conversation_id, started_at) VALUES ('uncommitted', 'c', '2026-01-01T00:00:00Z')");
        driven.Agent.Directory.AddLog(AgentTime.Rfc3339Nano(driven.Clock.GetUtcNow()), "ERROR", "req-9");
        driven.NextCycle();

        // Then the reader keeps reading committed data: main stays online with 3 sessions, while other changes arrive
        await driven.StateAsync("errors_24h", "2");
        Assert.Equal("3", driven.Last(driven.Addon.Topics.State("active_sessions")));
        Assert.Equal("online", driven.Last(driven.Addon.Topics.SourceAvailability(MainSource.Key)));
        AgentSql.Execute(main, "ROLLBACK");
    }
}
