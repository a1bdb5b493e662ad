using Microsoft.Data.Sqlite;
using Telemetry.Sources;

namespace Telemetry.Benchmarks.Baseline;

/// <summary>
/// The agent's own telemetry's token figures, one cycle: <c>collectTokens</c> in internal/platform/telemetry/collector.go
/// (@3229ecc7) calls <c>Store.Summary</c> and <c>Store.SummaryByModel</c> over <c>[now − 24 h, now)</c>, the same store
/// methods the usage API's handler calls.
/// </summary>
internal static class AgentTelemetryTokens
{
    /// <summary>
    /// <c>summaryGroupedBy("model")</c> in internal/platform/usage/store.go as the agent runs it: grouped by the column.
    /// <see cref="AgentPackageBaseline.ByModelSql"/> groups by <c>COALESCE(model, '')</c>, a few per cent more work per row;
    /// both are measured, this one is the baseline.
    /// </summary>
    public const string ByModelSql = """
        SELECT COALESCE(model, ''), COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),
                COALESCE(SUM(cache_creation_input_tokens), 0), COALESCE(SUM(cache_read_input_tokens), 0), COALESCE(SUM(cost_usd), 0)
         FROM usage_records
         WHERE timestamp >= $start AND timestamp < $end
         GROUP BY model
         ORDER BY SUM(cost_usd) DESC
        """;

    /// <summary>One cycle's two queries on a connection of its own, every row read as the collector reads it.</summary>
    /// <param name="byModelSql">The grouped query: <see cref="ByModelSql"/>, or the harness's <see cref="AgentPackageBaseline.ByModelSql"/>.</param>
    public static void Collect(string databasePath, DateTimeOffset now, string byModelSql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using (var summary = Query(connection, AgentPackageBaseline.SummarySql, now))
        {
            summary.Read();
            _ = (summary.GetInt64(1), summary.GetInt64(2), summary.GetDouble(5));
        }

        using var byModel = Query(connection, byModelSql, now);
        while (byModel.Read())
        {
            _ = (byModel.GetString(0), byModel.GetInt64(2), byModel.GetInt64(3), byModel.GetDouble(6));
        }
    }

    /// <summary>Bounds as the Go code formats them: <c>time.RFC3339</c>, whole seconds.</summary>
    private static SqliteDataReader Query(SqliteConnection connection, string sql, DateTimeOffset now)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$start", Timestamps.FormatRfc3339Seconds(now - TimeSpan.FromHours(24)));
        command.Parameters.AddWithValue("$end", Timestamps.FormatRfc3339Seconds(now));
        return command.ExecuteReader();
    }
}
