using Microsoft.Data.Sqlite;
using Telemetry.AgentSimulator;
using Telemetry.Collection;
using Telemetry.HomeAssistant;
using Telemetry.Hosting;
using Telemetry.Mqtt;
using Telemetry.Sources;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Sessions;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Tables;

/// <summary>The figures computed the plain way, straight from the specification, to check the sources' own full read against.</summary>
/// <remarks>
/// Logs: rows whose text is at or after <c>now − 24 h − 1 s</c> in whole seconds and whose parsed time is at or after
/// <c>now − 24 h</c>; a request's latency is its last minus first parsed time when it has two rows and a positive
/// span. Usage: SQLite's own GROUP BY over <c>[now − 24 h, now)</c> on the text timestamps.
/// </remarks>
internal static class ReferenceRead
{
    public static LogStats Logs(string path, DateTimeOffset now)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT request_id, level, timestamp FROM log_entries WHERE timestamp >= $lowerBound";
        var since = now - TimeSpan.FromHours(24);
        command.Parameters.AddWithValue("$lowerBound", Timestamps.FormatRfc3339Seconds(since.AddSeconds(-1)));
        var requests = new Dictionary<string, (DateTimeOffset First, DateTimeOffset Last, int Rows)>(StringComparer.Ordinal);
        long errors = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (reader.IsDBNull(2) || !Timestamps.TryParse(reader.GetString(2), out var at) || at < since)
                {
                    continue;
                }

                var level = reader.IsDBNull(1) ? "" : reader.GetString(1);
                errors += level == "ERROR" || level.StartsWith("ERROR+", StringComparison.Ordinal) ? 1 : 0;
                var requestId = reader.IsDBNull(0) ? null : reader.GetString(0);
                if (!string.IsNullOrEmpty(requestId))
                {
                    requests[requestId] = requests.TryGetValue(requestId, out var span)
                        ? (at < span.First ? at : span.First, at > span.Last ? at : span.Last, span.Rows + 1)
                        : (at, at, 1);
                }
            }
        }

        var durations = requests.Values.Where(s => s.Rows > 1 && s.Last > s.First).Select(s => (s.Last - s.First).TotalMilliseconds).Order().ToList();
        return new LogStats(new FileInfo(path).Length, requests.Count, errors,
            durations.Count == 0 ? null : Percentile.Of(durations, 50), durations.Count == 0 ? null : Percentile.Of(durations, 95));
    }

    public static UsageStats Usage(string path, DateTimeOffset now)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE(model, ''), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cost_usd), 0)
            FROM usage_records WHERE timestamp >= $start AND timestamp < $end GROUP BY 1 ORDER BY 4 DESC, 1
            """;
        command.Parameters.AddWithValue("$start", Timestamps.FormatRfc3339Seconds(now - TimeSpan.FromHours(24)));
        command.Parameters.AddWithValue("$end", Timestamps.FormatRfc3339Seconds(now));
        var models = new List<ModelUsage>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            models.Add(new ModelUsage(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3)));
        }

        return new UsageStats(models.Sum(m => m.InputTokens), models.Sum(m => m.OutputTokens), models.Sum(m => m.CostUsd), models);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
