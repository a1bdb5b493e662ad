using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Telemetry.AgentSimulator;

/// <summary>The agent's <c>GET /v1/telemetry/usage</c> over a <c>usage_records</c> table, answered as the agent answers it.</summary>
/// <remarks>
/// The handler's rules (internal/server/api/server.go <c>handleUsageSummary</c> @3229ecc7): <c>hours</c> trimmed, an
/// integer above 0 (default 24), else 400; <c>end</c> = the agent's clock in UTC truncated to the second;
/// <c>start = end - time.Duration(hours) * time.Hour</c> in int64 nanoseconds, which wraps above 2,562,047 hours; the
/// queries run over <c>[start, end + 1 s)</c> with both bounds as RFC 3339 text. The SQL is the agent's own
/// (internal/platform/usage/store.go <c>Summary</c> and <c>summaryGroupedBy</c> @3229ecc7), copied as it is but for
/// its two <c>?</c> placeholders, named here.
/// </remarks>
internal sealed class AgentUsageApi(string databasePath, TimeProvider agentClock)
{
    private const string SummarySql = """
        SELECT COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),
                COALESCE(SUM(cache_creation_input_tokens), 0), COALESCE(SUM(cache_read_input_tokens), 0),
                COALESCE(SUM(cost_usd), 0)
         FROM usage_records
         WHERE timestamp >= $start AND timestamp < $end
        """;

    private const string GroupedSql = """
        SELECT COALESCE({0}, ''), COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),
                COALESCE(SUM(cache_creation_input_tokens), 0), COALESCE(SUM(cache_read_input_tokens), 0), COALESCE(SUM(cost_usd), 0)
         FROM usage_records
         WHERE timestamp >= $start AND timestamp < $end
         GROUP BY {0}
         ORDER BY SUM(cost_usd) DESC
        """;

    private static readonly CompositeFormat Grouped = CompositeFormat.Parse(GroupedSql);

    private static readonly Dictionary<string, string> GroupColumns = new(StringComparer.Ordinal)
    {
        ["deployment"] = "model", ["model"] = "model", ["upstream_model"] = "upstream_model", ["provider"] = "provider",
        ["resource"] = "resource", ["role"] = "role", ["task"] = "task_name",
    };

    /// <summary>How many requests were answered.</summary>
    public long Requests { get; private set; }

    /// <summary>The answer to a request with these query parameters (null when absent): its status and JSON body.</summary>
    public (int Status, string Body) Answer(string? hours, string? groupBy)
    {
        Requests++;
        var span = 24L;
        if (hours?.Trim() is { Length: > 0 } raw)
        {
            if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out span) || span <= 0)
            {
                return Error(400, "hours must be a positive integer");
            }
        }

        var now = agentClock.GetUtcNow();
        var end = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        // Go: -time.Duration(hours) * time.Hour, int64 nanoseconds, wrapping; Time.Add, then Format at whole seconds.
        var nanoseconds = unchecked(-span * 3_600_000_000_000L);
        var start = end.AddTicks(Math.DivRem(nanoseconds, 100, out var rest) - (rest < 0 ? 1 : 0));
        var queryEnd = end.AddSeconds(1);
        var group = groupBy?.Trim() is { Length: > 0 } g ? g : null;
        if (group is not null && !GroupColumns.ContainsKey(group))
        {
            return Error(400, $"unsupported group_by \"{group}\"; use one of [\"deployment\" \"model\" \"upstream_model\" \"provider\" \"resource\" \"role\" \"task\"]");
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("start", Rfc3339(start));
            json.WriteString("end", Rfc3339(end));
            json.WriteNumber("hours", span);
            if (group is not null)
            {
                json.WriteString("group_by", group);
            }

            json.WritePropertyName("summary");
            using (var summary = Query(connection, SummarySql, start, queryEnd))
            {
                summary.Read();
                WriteSummary(json, summary, 0);
            }

            if (group is not null)
            {
                WriteGroups(json, connection, GroupColumns[group], start, queryEnd);
            }

            json.WriteEndObject();
        }

        return (200, Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }

    private static void WriteGroups(Utf8JsonWriter json, SqliteConnection connection, string column, DateTimeOffset start, DateTimeOffset end)
    {
        using var groups = Query(connection, string.Format(CultureInfo.InvariantCulture, Grouped, column), start, end);
        var any = false;
        while (groups.Read())
        {
            if (!any)
            {
                // Go's omitempty: no "groups" at all when the query gave no row.
                json.WriteStartArray("groups");
                any = true;
            }

            json.WriteStartObject();
            json.WriteString("key", groups.GetString(0));
            json.WritePropertyName("summary");
            WriteSummary(json, groups, 1);
            json.WriteEndObject();
        }

        if (any)
        {
            json.WriteEndArray();
        }
    }

    private static SqliteDataReader Query(SqliteConnection connection, string sql, DateTimeOffset start, DateTimeOffset end)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$start", Rfc3339(start));
        command.Parameters.AddWithValue("$end", Rfc3339(end));
        return command.ExecuteReader();
    }

    private static void WriteSummary(Utf8JsonWriter json, SqliteDataReader row, int first)
    {
        json.WriteStartObject();
        json.WriteNumber("total_records", row.GetInt64(first));
        json.WriteNumber("total_input_tokens", row.GetInt64(first + 1));
        json.WriteNumber("total_output_tokens", row.GetInt64(first + 2));
        json.WriteNumber("total_cache_creation_input_tokens", row.GetInt64(first + 3));
        json.WriteNumber("total_cache_read_input_tokens", row.GetInt64(first + 4));
        json.WriteNumber("total_cost_usd", row.GetDouble(first + 5));
        json.WriteEndObject();
    }

    private static string Rfc3339(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static (int, string) Error(int status, string message)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, ErrorBody> { ["error"] = new(message, "invalid_request_error", status) }, AgentSimulatorJsonContext.Default.DictionaryStringErrorBody);
        return (status, body + "\n");
    }
}
