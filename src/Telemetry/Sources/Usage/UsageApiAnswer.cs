using System.Globalization;
using System.Text.Json;

namespace Telemetry.Sources.Usage;

/// <summary>The body of the agent's <c>GET /v1/telemetry/usage</c>: the second its window ended at, its sums, and its groups.</summary>
/// <remarks>
/// As the agent writes it (<c>usageSummaryResponse</c>, internal/server/api/server.go @3229ecc7):
/// <c>{"start", "end", "hours", "group_by"?, "summary": {...}, "groups"?: [{"key", "summary"}]}</c>, a summary being
/// <c>{"total_records", "total_input_tokens", "total_output_tokens", "total_cache_creation_input_tokens",
/// "total_cache_read_input_tokens", "total_cost_usd"}</c>. <c>end</c> is the agent's clock truncated to the second, in
/// RFC 3339 with <c>Z</c>; the window is <c>[end − hours, end]</c>, both seconds included. Groups with the same key
/// (a NULL and an empty text group apart in the agent's SQL) are merged.
/// </remarks>
/// <param name="Cost">The cost of each group and of the whole as the agent summed it in floating point.</param>
internal sealed record UsageApiAnswer(DateTimeOffset End, long Hours, UsageSums Summary, double Cost, IReadOnlyDictionary<string, (UsageSums Sums, double Cost)> Groups)
{
    public static UsageApiAnswer Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"expected a JSON object, got {root.ValueKind}");
        }

        var endText = root.TryGetProperty("end", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        if (endText is null || !DateTimeOffset.TryParseExact(endText, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end))
        {
            throw new JsonException($"'end' is not an RFC 3339 second in UTC: {endText ?? "missing"}");
        }

        var hours = root.TryGetProperty("hours", out var h) && h.ValueKind == JsonValueKind.Number && h.TryGetInt64(out var n) ? n : throw new JsonException("no 'hours'");
        var (summary, cost) = root.TryGetProperty("summary", out var s) ? Sums(s) : throw new JsonException("no 'summary'");
        var groups = new Dictionary<string, (UsageSums, double)>(StringComparer.Ordinal);
        if (root.TryGetProperty("groups", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("'groups' is not a list");
            }

            foreach (var group in list.EnumerateArray())
            {
                var key = group.ValueKind == JsonValueKind.Object && group.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String
                    ? k.GetString() ?? "" : throw new JsonException("a group without a text 'key'");
                var (sums, groupCost) = group.TryGetProperty("summary", out var gs) ? Sums(gs) : throw new JsonException("a group without 'summary'");
                groups[key] = groups.TryGetValue(key, out var known) ? (known.Item1 + sums, known.Item2 + groupCost) : (sums, groupCost);
            }
        }

        return new UsageApiAnswer(end, hours, summary, cost, groups);
    }

    private static (UsageSums Sums, double Cost) Sums(JsonElement summary)
    {
        if (summary.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("a summary is not an object");
        }

        var cost = summary.TryGetProperty("total_cost_usd", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : throw new JsonException("no 'total_cost_usd'");
        if (!double.IsFinite(cost) || cost < 0)
        {
            throw new JsonException($"'total_cost_usd' is {cost}");
        }

        var sums = new UsageSums(
            Count(summary, "total_records"),
            Count(summary, "total_input_tokens"),
            Count(summary, "total_output_tokens"),
            Count(summary, "total_cache_read_input_tokens"),
            Count(summary, "total_cache_creation_input_tokens"),
            UsageSums.Nanos(cost));
        return (sums, cost);
    }

    private static long Count(JsonElement summary, string key) =>
        summary.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count >= 0
            ? count
            : throw new JsonException($"'{key}' is not a whole number of zero or more");
}
