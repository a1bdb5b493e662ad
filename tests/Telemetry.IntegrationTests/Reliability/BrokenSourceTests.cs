using System.Text;
using Microsoft.AspNetCore.Http;
using Telemetry.AgentSimulator;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Sources;
using Telemetry.Sources.AgentApi;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Main;
using Telemetry.Sources.Usage;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests.Reliability;

/// <summary>Promise 6: a broken source affects only its own sensors, is logged once per change, and recovers by itself.</summary>
public sealed class BrokenSourceTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    public enum DatabaseDamage
    {
        Missing,
        Empty,
        Truncated,
        NotSqlite,
        OlderSchema,
    }

    public enum ApiFault
    {
        Down,
        Slow,
        ServerError,
        InvalidJson,
        EnormousBody,
    }

    [Theory]
    [InlineData(DatabaseDamage.Missing)]
    [InlineData(DatabaseDamage.Empty)]
    [InlineData(DatabaseDamage.Truncated)]
    [InlineData(DatabaseDamage.NotSqlite)]
    [InlineData(DatabaseDamage.OlderSchema)]
    public async Task LogsDatabase_Damaged_OnlyLogsSensorsGoUnavailableLoggedOnceAndRecover(DatabaseDamage damage)
    {
        // Given a running add-on
        await using var driven = await DrivenAddon.StartAsync(broker);
        var directory = driven.Agent.Directory;
        // The add-on only reads: a database this test does not write stays byte-for-byte the same (-shm is SQLite's shared index, which readers update).
        var untouched = directory.Fingerprint(Untouched);

        // When logs.db is damaged, and two cycles pass while others change
        Damage(directory, damage);
        directory.AddSession("a", AgentTime.Rfc3339Nano(driven.Clock.GetUtcNow()));
        driven.NextCycle();
        await driven.SourceAsync(LogsSource.Key, "offline");
        await driven.StateAsync("active_sessions", "4");
        directory.AddSession("b", AgentTime.Rfc3339Nano(driven.Clock.GetUtcNow()));
        driven.NextCycle();
        await driven.StateAsync("active_sessions", "5");

        // Then only logs went offline, and that was logged once
        Assert.All(new SourceKey[] { MainSource.Key, UsageSource.Key, AttachmentsSource.Key, LoopsSource.Key },
            source => Assert.Equal("online", driven.Last(driven.Addon.Topics.SourceAvailability(source))));
        Assert.Equal(1, driven.Logs.Count(11, "Source logs"));

        // When the agent recreates its database, the next cycle reads it again
        directory.CloseWriter(directory.LogsDb);
        File.Delete(directory.LogsDb);
        directory.Writer(directory.LogsDb, AgentSchema.LogEntries);
        directory.AddLog(AgentTime.Rfc3339Nano(driven.Clock.GetUtcNow().AddMinutes(-2)), "ERROR", "req-new");
        directory.AddLog(AgentTime.Rfc3339Nano(driven.Clock.GetUtcNow().AddMinutes(-1)), "ERROR", "req-new");
        driven.NextCycle();
        await driven.SourceAsync(LogsSource.Key, "online");
        await driven.StateAsync("errors_24h", "2");
        Assert.Equal(1, driven.Logs.Count(13, "Source logs"));
        Assert.Equal(untouched, directory.Fingerprint(Untouched));
    }

    [Theory]
    [InlineData(ApiFault.Down)]
    [InlineData(ApiFault.Slow)]
    [InlineData(ApiFault.ServerError)]
    [InlineData(ApiFault.InvalidJson)]
    [InlineData(ApiFault.EnormousBody)]
    public async Task AgentApi_Failing_OnlyLoopSensorsGoUnavailableLoggedOnceAndRecover(ApiFault fault)
    {
        // Given a running add-on
        await using var driven = await DrivenAddon.StartAsync(broker);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var asked = new SemaphoreSlim(0);

        // When the agent's API fails for two cycles (a slow one outlasts the add-on's timeout on the add-on's clock)
        driven.Agent.Api.Handler = Fault(fault, release.Task, asked);
        driven.Agent.Directory.AddSession("a", AgentTime.Rfc3339Nano(driven.Clock.GetUtcNow()));
        driven.NextCycle();
        await OutlastTimeoutAsync();
        await driven.SourceAsync(LoopsSource.Key, "offline");
        await driven.StateAsync("active_sessions", "4");
        driven.Agent.Directory.AddSession("b", AgentTime.Rfc3339Nano(driven.Clock.GetUtcNow()));
        driven.NextCycle();
        await OutlastTimeoutAsync();
        await driven.StateAsync("active_sessions", "5");

        // Then only loops went offline, once in the log, and the loop sensors stayed declared
        Assert.Equal("online", driven.Last(driven.Addon.Topics.SourceAvailability(MainSource.Key)));
        Assert.Equal(1, driven.Logs.Count(11, "Source loops"));
        Assert.Contains("loop_core_state", AddonEndToEndTests.ComponentKeys(driven.Last(driven.Addon.Topics.Discovery)!));

        // When the API answers again
        release.TrySetResult();
        AgentApi.Serve(driven.Agent.Api, ("1", "core", null, "pending", 0), ("4", "email_poll", null, "sleeping", 3));
        driven.NextCycle();
        await driven.SourceAsync(LoopsSource.Key, "online");
        await driven.StateAsync("loop_email_poll_iterations", "3");
        Assert.Equal(1, driven.Logs.Count(13, "Source loops"));

        async Task OutlastTimeoutAsync()
        {
            if (fault == ApiFault.Slow)
            {
                // Both of the cycle's requests (/v1/loops for the loops, /v1/system for the agent's status) must have
                // reached the agent: a request that starts after the step would wait on the clock for ever. The
                // loops request alone was counted before, and the status request, started a moment later on a busy
                // machine, then missed the step and held the cycle (seen in CI).
                for (var request = 0; request < RequestsPerCycle; request++)
                {
                    Assert.True(await asked.WaitAsync(DrivenAddon.Bound), $"request {request + 1} of the cycle did not reach the agent");
                }

                driven.Clock.Advance(AgentApiClient.RequestTimeout(driven.Interval));
            }
        }
    }

    /// <summary>The agent's API requests of one cycle with the API failing: <c>/v1/loops</c> and <c>/v1/system</c>.</summary>
    private const int RequestsPerCycle = 2;

    private static bool Untouched(string path) => path.Contains("attachments.db", StringComparison.Ordinal) && !path.EndsWith("-shm", StringComparison.Ordinal);

    private static void Damage(AgentDirectory directory, DatabaseDamage damage)
    {
        var path = directory.LogsDb;
        directory.CloseWriter(path);
        switch (damage)
        {
            case DatabaseDamage.Missing:
                File.Delete(path);
                break;
            case DatabaseDamage.Empty:
                File.WriteAllBytes(path, []);
                break;
            case DatabaseDamage.Truncated:
                var bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(path, bytes[..Math.Min(bytes.Length, 2048)]);
                break;
            case DatabaseDamage.NotSqlite:
                File.WriteAllText(path, "this is not a database, it is a note\n");
                break;
            case DatabaseDamage.OlderSchema:
                File.Delete(path);
                AgentSql.Execute(directory.Writer(path), "CREATE TABLE log_entries (id INTEGER PRIMARY KEY, msg TEXT)");
                directory.CloseWriter(path);
                break;
        }
    }

    private static Func<HttpContext, Task> Fault(ApiFault fault, Task release, SemaphoreSlim asked) => fault switch
    {
        ApiFault.Down => context =>
        {
            context.Abort();
            return Task.CompletedTask;
        },
        ApiFault.Slow => async context =>
        {
            // Answers only when the test says so: longer than the add-on waits. Every endpoint is slow, and each
            // request is counted: the add-on's clock may be stepped past its timeout only once every request of the
            // cycle has started its wait on that clock.
            asked.Release();
            await release.WaitAsync(context.RequestAborted);
            context.Response.StatusCode = 500;
        },
        ApiFault.ServerError => context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        },
        ApiFault.InvalidJson => context => context.Response.WriteAsync("[{\"id\": \"1\", \"name\": "),
        ApiFault.EnormousBody => async context =>
        {
            // Over 8 MiB without a Content-Length: the add-on must stop reading, not buffer it all.
            var chunk = Encoding.UTF8.GetBytes("[" + string.Concat(Enumerable.Repeat("{\"name\":\"x\",\"state\":\"sleeping\"},", 10_000)));
            await context.Response.Body.WriteAsync(chunk);
            var filler = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"name\":\"x\",\"state\":\"sleeping\"},", 10_000)));
            for (var written = chunk.Length; written < 12 * 1024 * 1024 && !context.RequestAborted.IsCancellationRequested; written += filler.Length)
            {
                await context.Response.Body.WriteAsync(filler, context.RequestAborted);
            }
        },
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };
}
