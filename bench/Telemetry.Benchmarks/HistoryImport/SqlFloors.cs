using Telemetry.History;
using Telemetry.Options;
using Telemetry.Sources;

namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>
/// What reading the same rows costs without <see cref="HourlyUsageSql"/>'s one <c>GROUP BY</c> over the whole history, to
/// set it against: every row summed inside SQLite (no grouping), and the same query a day at a time.
/// </summary>
/// <remarks>
/// SQLite groups by <c>substr(timestamp, 1, 13), model</c> by sorting every row first (<c>USE TEMP B-TREE FOR GROUP BY</c>):
/// past its 2 MB cache the sorter writes its runs to temporary files. The sum walks the timestamp index and sorts
/// nothing; a day's rows sort in memory. Same connection settings and the same <c>WHERE</c> as the product's query.
/// </remarks>
internal static class SqlFloors
{
    private const string Where = "WHERE typeof(timestamp) = 'text' AND timestamp >= $from AND timestamp < $to";

    /// <summary>Every row's figures summed in one aggregate, no grouping; returns the rows counted.</summary>
    public static async Task<long> SumAsync(AgentPaths paths, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await AgentDatabase.OpenAsync(paths.MainDb, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cache_read_input_tokens), 0),
                   COALESCE(SUM(cache_creation_input_tokens), 0), COALESCE(SUM(CAST(ROUND(cost_usd * 1000000000.0) AS INTEGER)), 0)
            FROM usage_records {Where}
            """;
        Bind(command, to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : 0;
    }

    /// <summary>The product's own query, one UTC day at a time (a connection each, as <see cref="HourlyUsageSql.ReadAsync"/> opens); returns the hour-and-model rows.</summary>
    /// <remarks>A day's rows sort within the sorter's memory, so nothing goes to a temporary file.</remarks>
    public static async Task<long> ByDayAsync(AgentPaths paths, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        long rows = 0;
        for (var day = from; day < to; day = day.AddDays(1))
        {
            rows += (await HourlyUsageSql.ReadAsync(paths, day, day.AddDays(1) < to ? day.AddDays(1) : to, cancellationToken)).Count;
        }

        return rows;
    }

    private static void Bind(Microsoft.Data.Sqlite.SqliteCommand command, DateTimeOffset to)
    {
        command.Parameters.AddWithValue("$from", HourlyUsageSql.Text(DateTimeOffset.MinValue));
        command.Parameters.AddWithValue("$to", HourlyUsageSql.Text(to));
    }
}
