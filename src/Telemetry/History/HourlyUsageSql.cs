using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Telemetry.Options;
using Telemetry.Sources;
using Telemetry.Sources.Usage;

namespace Telemetry.History;

/// <summary>Reads <c>usage_records</c> summed per UTC hour and model, the way the live counters sum them.</summary>
/// <remarks>
/// The agent stamps every row <c>Timestamp.UTC().Format(time.RFC3339)</c> (internal/platform/usage/store.go
/// <c>Record</c> @3229ecc7): whole seconds, always <c>Z</c>, so the first 13 characters are the UTC hour and a text
/// comparison orders rows in time. Cost is summed per row in whole nano-dollars, rounded half away from zero as
/// <see cref="UsageSums.Nanos"/> does (SQLite's <c>round</c> does the same), so an imported hour ends on the same
/// value as the live <c>cost_total</c>. A row whose timestamp is not such text is in no hour.
/// </remarks>
internal static class HourlyUsageSql
{
    private const string Sql = """
        SELECT substr(timestamp, 1, 13), COALESCE(model, ''), COUNT(*),
               COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), {0},
               COALESCE(SUM(CAST(ROUND(cost_usd * 1000000000.0) AS INTEGER)), 0)
        FROM usage_records
        WHERE typeof(timestamp) = 'text' AND timestamp >= $from AND timestamp < $to
        GROUP BY 1, 2
        ORDER BY 1
        """;

    private static readonly CompositeFormat Query = CompositeFormat.Parse(Sql);

    // The index on timestamp answers this without a scan; a timestamp that is not text is in no hour.
    private const string FirstSql = "SELECT MIN(timestamp) FROM usage_records WHERE typeof(timestamp) = 'text'";

    private const string CacheSums = "COALESCE(SUM(cache_read_input_tokens), 0), COALESCE(SUM(cache_creation_input_tokens), 0)";

    /// <summary>The hours in <c>[from, to)</c> that have rows, in order; each hour's models in no particular order.</summary>
    /// <remarks>
    /// Asked a day at a time, in one read transaction: one <c>GROUP BY</c> over a year sorts every row and SQLite spills
    /// that sort to temporary files (362 MB for a year at 5,000 calls a day, BENCHMARKS.md section 8), which the add-on's
    /// AppArmor profile does not allow and a Raspberry Pi's SD card should not take; a day's rows sort in memory, at
    /// about the same CPU. Temporary tables are kept in memory for the same reason.
    /// </remarks>
    /// <exception cref="SourceUnavailableException">Neither database has the table.</exception>
    public static async Task<List<HourModelSums>> ReadAsync(AgentPaths paths, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = new List<HourModelSums>();
        await ForEachAsync(paths, from, to, rows.Add, cancellationToken);
        return rows;
    }

    /// <summary>Passes each hour and model in <c>[from, to)</c> that has rows to <paramref name="row"/>, in hour order, holding none.</summary>
    /// <exception cref="SourceUnavailableException">Neither database has the table.</exception>
    public static async Task ForEachAsync(AgentPaths paths, DateTimeOffset from, DateTimeOffset to, Action<HourModelSums> row, CancellationToken cancellationToken)
    {
        await using var connection = (await UsageDatabase.OpenAsync(paths, cancellationToken)).Connection;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var cache = await ScalarAsync(connection, UsageColumns.HasCacheColumnsSql, cancellationToken) is 2L ? CacheSums : "0, 0";
        await ScalarAsync(connection, "PRAGMA temp_store = MEMORY", cancellationToken);
        if (await ScalarAsync(connection, FirstSql, cancellationToken) is not string firstText
            || !DateTimeOffset.TryParse(firstText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var first))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = string.Format(CultureInfo.InvariantCulture, Query, cache);
        var fromText = command.Parameters.Add("$from", SqliteType.Text);
        var toText = command.Parameters.Add("$to", SqliteType.Text);
        var day = from > first ? from : new DateTimeOffset(first.UtcDateTime.Date, TimeSpan.Zero);
        for (; day < to; day = day.AddDays(1))
        {
            fromText.Value = Text(day);
            toText.Value = Text(day.AddDays(1) < to ? day.AddDays(1) : to);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (DateTimeOffset.TryParseExact(reader.GetString(0), "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var hour))
                {
                    row(new HourModelSums(hour.ToUniversalTime(), reader.GetString(1), new UsageSums(
                        reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7))));
                }
            }
        }
    }

    /// <summary>How many rows are stamped before <paramref name="through"/> (the index on timestamp counts them without reading them).</summary>
    public static async Task<long> CountBeforeAsync(AgentPaths paths, DateTimeOffset through, CancellationToken cancellationToken)
    {
        await using var connection = (await UsageDatabase.OpenAsync(paths, cancellationToken)).Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM usage_records WHERE typeof(timestamp) = 'text' AND timestamp < $through";
        command.Parameters.AddWithValue("$through", Text(through));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>RFC 3339 in UTC to the second, as the agent writes its timestamps.</summary>
    public static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
