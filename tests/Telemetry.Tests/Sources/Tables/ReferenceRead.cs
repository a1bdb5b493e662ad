using Microsoft.Data.Sqlite;
using Telemetry.Sources;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Usage;

namespace Telemetry.Tests.Sources.Tables;

/// <summary>The figures computed the plain way, straight from the specification, to check the sources' own full read against.</summary>
/// <remarks>
/// Logs: rows whose text is at or after <c>now − 24 h − 1 s</c> in whole seconds and whose parsed time is at or after
/// <c>now − 24 h</c>; a request's latency is its last minus first parsed time when it has two rows and a positive
/// span. Usage: SQLite's own GROUP BY over <c>[now − 24 h, now)</c> on the text timestamps.
/// </remarks>
internal static class ReferenceRead
{
    public static LogsFigures Logs(string path, DateTimeOffset now)
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
        return new LogsFigures(new FileInfo(path).Length, requests.Count, errors,
            durations.Count == 0 ? null : Percentile.Of(durations, 50), durations.Count == 0 ? null : Percentile.Of(durations, 95));
    }

    /// <summary>
    /// The lifetime and calendar totals the plain way: every row, its cost in nano-dollars, its timestamp parsed by
    /// .NET's own parser, its local date from <see cref="TimeZoneInfo.ConvertTime(DateTimeOffset, TimeZoneInfo)"/>, and
    /// midnight found by walking the local clock.
    /// </summary>
    /// <param name="through">Only the rows stamped up to this second, included (what the agent's API had at a read); null for every row.</param>
    public static UsageTotalsFigures UsageTotals(string path, DateTimeOffset now, TimeZoneInfo zone, DateTimeOffset? through = null)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT timestamp, model, provider, role, input_tokens, output_tokens, cache_read_input_tokens, cache_creation_input_tokens, cost_usd
            FROM usage_records
            """;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        UsageSums all = default, todaySums = default, monthSums = default;
        var byModel = new Dictionary<string, UsageSums>(StringComparer.Ordinal);
        var byProvider = new Dictionary<string, UsageSums>(StringComparer.Ordinal);
        var byRole = new Dictionary<string, UsageSums>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (through is { } last && string.CompareOrdinal(reader.GetString(0), Timestamps.FormatRfc3339Seconds(last)) > 0)
                {
                    continue;
                }

                var row = new UsageSums(1, reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7),
                    (long)Math.Round(reader.GetDouble(8) * 1_000_000_000, MidpointRounding.AwayFromZero));
                all += row;
                byModel[reader.GetString(1)] = byModel.GetValueOrDefault(reader.GetString(1)) + row;
                byProvider[reader.GetString(2)] = byProvider.GetValueOrDefault(reader.GetString(2)) + row;
                byRole[reader.GetString(3)] = byRole.GetValueOrDefault(reader.GetString(3)) + row;
                if (DateTimeOffset.TryParse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
                {
                    var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
                    todaySums += day == today ? row : default;
                    monthSums += day.Year == today.Year && day.Month == today.Month ? row : default;
                }
            }
        }

        return new UsageTotalsFigures(all, byModel, byProvider, byRole, todaySums, LocalMidnight(today, zone), monthSums, LocalMidnight(new DateOnly(today.Year, today.Month, 1), zone));
    }

    /// <summary>The first instant whose local date is <paramref name="date"/>: searched minute by minute from a day before.</summary>
    private static DateTimeOffset LocalMidnight(DateOnly date, TimeZoneInfo zone)
    {
        var instant = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-1);
        while (DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime) < date)
        {
            instant = instant.AddMinutes(1);
        }

        return TimeZoneInfo.ConvertTime(instant, zone);
    }

    public static UsageWindowFigures Usage(string path, DateTimeOffset now) => Usage(path, now - TimeSpan.FromHours(24), now);

    /// <summary>The window <c>[start, end)</c> by model, as <see cref="Usage(string, DateTimeOffset)"/>.</summary>
    public static UsageWindowFigures Usage(string path, DateTimeOffset start, DateTimeOffset end)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE(model, ''), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cost_usd), 0),
              COALESCE(SUM(cache_read_input_tokens), 0), COALESCE(SUM(cache_creation_input_tokens), 0)
            FROM usage_records WHERE timestamp >= $start AND timestamp < $end GROUP BY 1 ORDER BY 4 DESC, 1
            """;
        command.Parameters.AddWithValue("$start", Timestamps.FormatRfc3339Seconds(start));
        command.Parameters.AddWithValue("$end", Timestamps.FormatRfc3339Seconds(end));
        var models = new List<ModelUsage>();
        long cacheRead = 0, cacheWrite = 0;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            models.Add(new ModelUsage(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3)));
            cacheRead += reader.GetInt64(4);
            cacheWrite += reader.GetInt64(5);
        }

        return new UsageWindowFigures(models.Sum(m => m.InputTokens), models.Sum(m => m.OutputTokens), models.Sum(m => m.CostUsd), models, cacheRead, cacheWrite);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
