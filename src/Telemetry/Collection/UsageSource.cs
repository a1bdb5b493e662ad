using Microsoft.Data.Sqlite;
using Telemetry.Options;

namespace Telemetry.Collection;

/// <summary>24-hour token usage and cost from <c>usage_records</c>.</summary>
/// <remarks>
/// Agents since 2026-03-30 keep the table in <c>thane.db</c>; older ones in <c>usage.db</c>. The agent's own
/// telemetry still sizes <c>usage.db</c>, which current installs no longer have; we read the table wherever it is.
/// </remarks>
internal sealed class UsageSource(AgentPaths paths)
{
    private const string Table = "usage_records";

    // Timestamps are written as RFC 3339 whole seconds in UTC, so the bounds compare exactly as text,
    // and the half-open window matches the agent's own query. Cache tokens are not input, as in the agent.
    private const string ByModelSql = """
        SELECT COALESCE(model, ''), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cost_usd), 0)
        FROM usage_records
        WHERE timestamp >= $start AND timestamp < $end
        GROUP BY 1
        ORDER BY 4 DESC, 1
        """;

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public Task<Reading<UsageStats>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) => SourceRead.TryAsync(async () =>
    {
        await using var connection = await OpenTableAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ByModelSql;
        command.Parameters.AddWithValue("$start", Timestamps.FormatRfc3339Seconds(now - Window));
        command.Parameters.AddWithValue("$end", Timestamps.FormatRfc3339Seconds(now));

        var models = new List<ModelUsage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(new ModelUsage(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3)));
        }

        return new UsageStats(models.Sum(m => m.InputTokens), models.Sum(m => m.OutputTokens), models.Sum(m => m.CostUsd), models);
    });

    private async Task<SqliteConnection> OpenTableAsync(CancellationToken cancellationToken)
    {
        foreach (var path in new[] { paths.MainDb, paths.UsageDb })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            var connection = await AgentDatabase.OpenAsync(path, cancellationToken);
            if (await AgentDatabase.HasTableAsync(connection, Table, cancellationToken))
            {
                return connection;
            }

            await connection.DisposeAsync();
        }

        throw new SourceUnavailableException($"no {Table} table in {paths.MainDb} or {paths.UsageDb}");
    }
}
