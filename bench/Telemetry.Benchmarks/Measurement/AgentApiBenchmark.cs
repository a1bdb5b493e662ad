using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Baseline;
using Telemetry.Benchmarks.Generation;
using Telemetry.Sources.Usage.Api;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>
/// What the add-on's reads over the agent's usage API cost the agent, against what the agent's own telemetry spends per
/// cycle on the same table: each request answered by <see cref="AgentUsageApi"/> (the agent's handler and SQL) on a
/// generated agent, its clock at the end of the generated history.
/// </summary>
/// <remarks>
/// Only the agent's side is measured: the queries, reading their rows and writing the JSON body, in this process, page
/// cache warm. Go's HTTP handling and the network are not in it; the add-on's own parsing is on the add-on's machine.
/// </remarks>
internal sealed class AgentApiBenchmark(AgentLayout layout, TextWriter output)
{
    /// <summary>The top of the hour before local midnight: the day window at its largest (23 whole hours).</summary>
    public const int DayWindowHours = 23;

    /// <summary>The top of the hour before the first of a 31-day month: the month window at its largest.</summary>
    public const int MonthWindowHours = (31 * 24) - 1;

    public AgentApiResult Run(string label, AgentApiSettings settings)
    {
        var manifest = layout.ReadManifest();
        var now = manifest.Until;
        var api = new AgentUsageApi(layout.MainDb, new FakeTimeProvider(now));
        var rows = CountRows(now);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"## {label}: {rows.Total:N0} usage rows since {rows.Oldest:yyyy-MM-dd}, {rows.LastDay:N0} in the last 24 h, {rows.LastTwoHours:N0} in the last 2 h; agent clock {now:O}"));

        // The machine may be shared: what else ran shows in the load average.
        output.WriteLine($"  load average at the start: {File.ReadAllText("/proc/loadavg").Trim()}");
        // The generated history ends at a whole hour (UTC): the tops of the hour's requests end there, as at a real top.
        var requests = AgentApiRequests.Follow(api, now, TimeZoneInfo.Utc);
        output.WriteLine($"  first start: {AgentApiRequests.Describe(requests.FirstStart)}");
        output.WriteLine($"  first top of the hour after it: {AgentApiRequests.Describe(requests.FirstTop)}");
        output.WriteLine($"  every later top of the hour: {AgentApiRequests.Describe(requests.SteadyTop)}");

        Sample? coldFirstStart = null;
        if (settings.DropCaches)
        {
            // Before anything else reads the file: the first start of an add-on on an agent whose table is not in memory.
            PageCache.Drop();
            coldFirstStart = Timed.Once(() => AgentApiRequests.Ask(api, requests.FirstStart));
        }

        var measured = Timed.Alternating(
            [
                () => AgentTelemetryTokens.Collect(layout.MainDb, now, AgentTelemetryTokens.ByModelSql),
                () => AgentApiRequests.Ask(api, requests.Steady),
                () => AgentApiRequests.Ask(api, requests.SteadyTop),
                () => AgentApiRequests.Ask(api, [new UsageQuery(DayWindowHours, null)]),
                () => AgentApiRequests.Ask(api, [new UsageQuery(MonthWindowHours, null)]),
                () => AgentTelemetryTokens.Collect(layout.MainDb, now, AgentPackageBaseline.ByModelSql),
            ],
            settings.Warmups,
            settings.Runs,
            TimeSpan.FromSeconds(1));

        // The whole history, twice per install (the first start, then its first top of the hour). One warm-up read of it, so
        // that its pages are cached as the others' are; at millions of rows a read takes seconds, hence the time budget.
        AgentApiRequests.Ask(api, requests.FirstStart);
        var first = Timed.Alternating(
            [() => AgentApiRequests.Ask(api, requests.FirstStart), () => AgentApiRequests.Ask(api, requests.FirstTop)], 0, settings.FirstStartRuns, TimeSpan.Zero, settings.FirstStartBudget);
        // The add-on sends the three together (UsageApiReader), so the agent runs them at once; each must answer within the
        // add-on's request timeout (AgentApiClient.RequestTimeout: 10 s at the 60 s interval) or the read is asked again next cycle.
        var (together, slowest) = Timed.Together([.. requests.FirstStart.Select(q => (Action)(() => AgentApiRequests.Ask(api, [q])))]);
        var result = new AgentApiResult(label, rows, measured[0], measured[1], measured[2], measured[3], measured[4], first[0], first[1])
        {
            HarnessBaseline = measured[5],
            ColdFirstStart = coldFirstStart,
            FirstStartTogether = together,
            FirstStartSlowest = slowest,
        };
        result.Print(output);
        output.WriteLine($"  load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine();
        return result;
    }

    /// <summary>Rows in the table; in the last 24 and 2 hours up to <paramref name="now"/>, its second included as the API counts; the oldest row's time.</summary>
    private AgentApiRows CountRows(DateTimeOffset now)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*), COUNT(*) FILTER (WHERE timestamp >= $day AND timestamp <= $now),
                   COUNT(*) FILTER (WHERE timestamp >= $twoHours AND timestamp <= $now), MIN(timestamp)
            FROM usage_records
            """;
        command.Parameters.AddWithValue("$day", AgentTime.Rfc3339(now.AddHours(-24)));
        command.Parameters.AddWithValue("$twoHours", AgentTime.Rfc3339(now.AddHours(-2)));
        command.Parameters.AddWithValue("$now", AgentTime.Rfc3339(now));
        using var reader = command.ExecuteReader();
        reader.Read();
        return new AgentApiRows(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2),
            DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = layout.MainDb, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
