using System.Text.Json.Nodes;

namespace Telemetry.Testing.Core;

/// <summary>
/// The answer to <c>recorder/statistics_during_period</c>, shaped as Core's: <c>{statistic_id: [{"start": ms, "end": ms, ...}]}</c>
/// with only the statistics that have rows in the period, and only the columns asked for that the statistics can have.
/// </summary>
/// <remarks>
/// Copied from recorder/statistics.py@0055cc7e (<c>_statistics_during_period_with_session</c>,
/// <c>_extract_metadata_and_discard_impossible_columns</c>, <c>_reduce_statistics</c>, <c>_augment_result_with_change</c>) and
/// recorder/websocket_api.py@dfbe53eb <c>_ws_get_statistics_during_period</c> (times as integer milliseconds). The stub keeps no
/// 5-minute table (an import writes the hourly one only), converts no units, and takes Home Assistant's time zone to be UTC.
/// </remarks>
internal static class StatisticsQuery
{
    /// <summary>Every type Core answers when the request names none.</summary>
    public static readonly IReadOnlySet<string> AllTypes = new HashSet<string>(StringComparer.Ordinal) { "change", "last_reset", "max", "mean", "min", "state", "sum" };

    public static JsonObject During(RecorderStore store, DateTimeOffset start, DateTimeOffset? end, IEnumerable<string> statisticIds, string period, IReadOnlySet<string> requested)
    {
        var result = new JsonObject();
        var metadata = statisticIds.Distinct(StringComparer.Ordinal).Select(store.Find).OfType<StubStatisticMetadata>().ToList();
        if (metadata.Count == 0 || period == "5minute")
        {
            return result;
        }

        var types = requested.Select(t => t == "change" ? "sum" : t).ToHashSet(StringComparer.Ordinal);
        if (!metadata.Any(m => m.MeanType != 0))
        {
            types.ExceptWith(["mean", "min", "max"]);
        }

        if (!metadata.Any(m => m.HasSum))
        {
            types.ExceptWith(["sum", "state"]);
        }

        (start, end) = Align(period, start, end);
        foreach (var meta in metadata)
        {
            var rows = store.Rows(meta.StatisticId).Where(r => r.Start >= start && (end is null || r.Start < end)).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            var periods = period == "hour" ? rows.Select(r => (r.Start, End: r.Start.AddHours(1), Rows: new List<StubStatisticRow> { r })).ToList()
                : rows.GroupBy(r => PeriodStart(period, r.Start)).Select(g => (Start: g.Key, End: PeriodEnd(period, g.Key), Rows: g.ToList())).ToList();
            var built = periods.Select(p => Build(p.Start, p.End, p.Rows, types)).ToList();
            if (requested.Contains("change"))
            {
                AddChange(built, store.Rows(meta.StatisticId).LastOrDefault(r => r.Start < start)?.Sum ?? 0, dropSum: !requested.Contains("sum"));
            }

            result[meta.StatisticId] = new JsonArray([.. built]);
        }

        return result;
    }

    private static JsonObject Build(DateTimeOffset start, DateTimeOffset end, List<StubStatisticRow> rows, HashSet<string> types)
    {
        // For a reduced period the last hour gives state, sum and last_reset; mean, min and max are taken over the hours.
        var last = rows[^1];
        var row = new JsonObject { ["start"] = start.ToUnixTimeMilliseconds(), ["end"] = end.ToUnixTimeMilliseconds() };
        var means = rows.Where(r => r.Mean is not null).Select(r => r.Mean!.Value).ToList();
        var mins = rows.Where(r => r.Min is not null).Select(r => r.Min!.Value).ToList();
        var maxes = rows.Where(r => r.Max is not null).Select(r => r.Max!.Value).ToList();
        foreach (var type in types)
        {
            row[type] = type switch
            {
                "mean" => means.Count > 0 ? means.Average() : null,
                "min" => mins.Count > 0 ? mins.Min() : null,
                "max" => maxes.Count > 0 ? maxes.Max() : null,
                "last_reset" => last.LastReset?.ToUnixTimeMilliseconds(),
                "state" => last.State,
                "sum" => last.Sum,
                _ => null,
            };
        }

        return row;
    }

    private static void AddChange(List<JsonObject> rows, double previousSum, bool dropSum)
    {
        foreach (var row in rows.Where(r => r.ContainsKey("sum")))
        {
            var sum = (double?)row["sum"];
            if (dropSum)
            {
                row.Remove("sum");
            }

            row["change"] = sum - previousSum;
            previousSum = sum ?? previousSum;
        }
    }

    private static (DateTimeOffset Start, DateTimeOffset? End) Align(string period, DateTimeOffset start, DateTimeOffset? end) => period switch
    {
        "hour" => (start, end),
        _ => (PeriodStart(period, start), end is { } e ? PeriodEnd(period, PeriodStart(period, e)) : null),
    };

    private static DateTimeOffset PeriodStart(string period, DateTimeOffset at)
    {
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        return period switch
        {
            "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            "month" => day.AddDays(1 - day.Day),
            _ => day,
        };
    }

    private static DateTimeOffset PeriodEnd(string period, DateTimeOffset periodStart) => period switch
    {
        "week" => periodStart.AddDays(7),
        "month" => periodStart.AddMonths(1),
        _ => periodStart.AddDays(1),
    };
}
