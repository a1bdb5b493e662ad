using Microsoft.Data.Sqlite;
using Telemetry.AgentSimulator;
using Telemetry.Sources;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Usage;

namespace Telemetry.Benchmarks.Baseline;

/// <summary>
/// The agent's own telemetry package (<c>internal/platform/telemetry/collector.go</c>, thane-data-sources §3), run the
/// way it runs: every query from scratch each cycle, over the whole 24-hour window, with the same per-row parsing.
/// </summary>
/// <remarks>
/// Order and SQL as the package: DB sizes, tokens (summary, then by model), sessions, requests (distinct ids,
/// errors, per-request text MIN/MAX with <c>HAVING COUNT(*) &gt; 1</c>, each parsed), attachments. Bounds are
/// RFC 3339 whole seconds. Connections are opened read-only per cycle, as this add-on opens its own.
/// </remarks>
internal sealed class AgentPackageBaseline(AgentLayout layout)
{
    internal const string SummarySql = """
        SELECT COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),
               COALESCE(SUM(cache_creation_input_tokens), 0), COALESCE(SUM(cache_read_input_tokens), 0), COALESCE(SUM(cost_usd), 0)
        FROM usage_records WHERE timestamp >= $start AND timestamp < $end
        """;

    internal const string ByModelSql = """
        SELECT COALESCE(model, ''), COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),
               COALESCE(SUM(cache_creation_input_tokens), 0), COALESCE(SUM(cache_read_input_tokens), 0), COALESCE(SUM(cost_usd), 0)
        FROM usage_records WHERE timestamp >= $start AND timestamp < $end
        GROUP BY COALESCE(model, '') ORDER BY SUM(cost_usd) DESC
        """;

    internal const string ActiveSessionsSql = "SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL";

    internal const string RequestCountSql = "SELECT COUNT(DISTINCT request_id) FROM log_entries WHERE request_id != '' AND timestamp >= $start";

    internal const string ErrorCountSql = "SELECT COUNT(*) FROM log_entries WHERE level = 'ERROR' AND timestamp >= $start";

    internal const string LatencySql = """
        SELECT request_id, MIN(timestamp), MAX(timestamp)
        FROM log_entries
        WHERE request_id != '' AND timestamp >= $start
        GROUP BY request_id
        HAVING COUNT(*) > 1
        """;

    internal const string AttachmentsSql = "SELECT COUNT(*), COALESCE(SUM(size), 0), COUNT(DISTINCT hash) FROM attachments";

    /// <param name="logsAndUsageOnly">Only the two collections this add-on reads incrementally (tokens and requests).</param>
    public BaselineFigures Collect(DateTimeOffset now, bool logsAndUsageOnly = false)
    {
        var sizes = new[] { layout.MainDb, layout.LogsDb, layout.AttachmentsDb }.Sum(p => File.Exists(p) ? new FileInfo(p).Length : 0);
        var start = Timestamps.FormatRfc3339Seconds(now - TimeSpan.FromHours(24));
        var end = Timestamps.FormatRfc3339Seconds(now);

        long input, output, activeSessions = 0;
        double cost;
        var byModel = new List<ModelUsage>();
        using (var main = Open(layout.MainDb))
        {
            using (var reader = Query(main, SummarySql, start, end))
            {
                reader.Read();
                (input, output, cost) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(5));
            }

            using (var reader = Query(main, ByModelSql, start, end))
            {
                while (reader.Read())
                {
                    byModel.Add(new ModelUsage(reader.GetString(0), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(6)));
                }
            }

            if (!logsAndUsageOnly)
            {
                using var reader = Query(main, ActiveSessionsSql);
                reader.Read();
                activeSessions = reader.GetInt64(0);
            }
        }

        long requests, errors;
        var durations = new List<double>();
        using (var logs = Open(layout.LogsDb))
        {
            using (var reader = Query(logs, RequestCountSql, start))
            {
                reader.Read();
                requests = reader.GetInt64(0);
            }

            using (var reader = Query(logs, ErrorCountSql, start))
            {
                reader.Read();
                errors = reader.GetInt64(0);
            }

            using (var reader = Query(logs, LatencySql, start))
            {
                while (reader.Read())
                {
                    // database.ParseTimestamp on each extreme; a pair that fails to parse, or is not positive, is skipped.
                    if (Timestamps.TryParse(reader.GetString(1), out var min) && Timestamps.TryParse(reader.GetString(2), out var max)
                        && (max - min).TotalMilliseconds is var ms and > 0)
                    {
                        durations.Add(ms);
                    }
                }
            }
        }

        durations.Sort();
        long attachments = 0;
        if (!logsAndUsageOnly)
        {
            using var db = Open(layout.AttachmentsDb);
            using var reader = Query(db, AttachmentsSql);
            reader.Read();
            attachments = reader.GetInt64(0);
        }

        return new BaselineFigures(sizes, input, output, cost, byModel, activeSessions, requests, errors,
            durations.Count == 0 ? 0 : Percentile.Of(durations, 50), durations.Count == 0 ? 0 : Percentile.Of(durations, 95), attachments);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 5 }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>The package binds <c>?</c> in order; here the same values are named <c>$start</c>, <c>$end</c>.</summary>
    private static SqliteDataReader Query(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        string[] names = ["$start", "$end"];
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue(names[i], parameters[i]);
        }

        return command.ExecuteReader();
    }
}

/// <summary>What the agent's package publishes, as far as the comparison needs it.</summary>
internal sealed record BaselineFigures(
    long DbBytes, long InputTokens, long OutputTokens, double CostUsd, IReadOnlyList<ModelUsage> ByModel, long ActiveSessions,
    long Requests, long Errors, double LatencyP50Ms, double LatencyP95Ms, long Attachments);
