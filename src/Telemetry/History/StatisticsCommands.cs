using System.Globalization;
using System.Text.Json;

namespace Telemetry.History;

/// <summary>The recorder's websocket commands the import uses, written for the Core that answers (homeassistant/components/recorder/websocket_api.py).</summary>
internal static class StatisticsCommands
{
    public const string Import = "recorder/import_statistics";

    public const string DuringPeriod = "recorder/statistics_during_period";

    public const string Metadata = "recorder/get_statistics_metadata";

    public const string Clear = "recorder/clear_statistics";

    /// <summary>The first Core whose import takes <c>mean_type</c> and <c>unit_class</c>; older ones want <c>has_mean</c> and refuse the new keys.</summary>
    public static readonly Version MeanTypeSince = new(2025, 11);

    /// <summary>Whether <paramref name="coreVersion"/> takes <c>mean_type</c>; a version that cannot be read is taken as current.</summary>
    public static bool TakesMeanType(string coreVersion)
    {
        var parts = coreVersion.Split('.');
        return parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray()), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || new Version(year, month) >= MeanTypeSince;
    }

    /// <summary>Hourly rows of one external statistic: <c>sum</c> and <c>state</c> the cumulative value at the end of the hour.</summary>
    /// <remarks>
    /// <c>start</c> must carry a zone and fall on a whole hour, checked before any conversion, so it goes as UTC. A sum
    /// with no mean: <c>mean_type</c> 0 and <c>unit_class</c> null (dollars and tokens have no unit converter), or
    /// <c>has_mean: false</c> for a Core before <see cref="MeanTypeSince"/>.
    /// </remarks>
    public static Action<Utf8JsonWriter> ImportBody(HistoryStatistic statistic, IReadOnlyList<(DateTimeOffset Start, double Value)> rows, bool meanType) => json =>
    {
        json.WriteStartObject("metadata");
        json.WriteBoolean("has_sum", true);
        if (meanType)
        {
            json.WriteNumber("mean_type", 0);
            json.WriteNull("unit_class");
        }
        else
        {
            json.WriteBoolean("has_mean", false);
        }

        json.WriteString("name", statistic.Name);
        json.WriteString("source", HistoryStatistics.Domain);
        json.WriteString("statistic_id", statistic.Id);
        json.WriteString("unit_of_measurement", statistic.Unit);
        json.WriteEndObject();
        json.WriteStartArray("stats");
        foreach (var (start, value) in rows)
        {
            json.WriteStartObject();
            json.WriteString("start", Iso(start));
            json.WriteNumber("state", value);
            json.WriteNumber("sum", value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    };

    /// <summary>The sums Home Assistant holds for the statistics in <c>[start, end)</c>, by hour or by a longer <paramref name="period"/> (<c>month</c>).</summary>
    public static Action<Utf8JsonWriter> DuringPeriodBody(IEnumerable<string> ids, DateTimeOffset start, DateTimeOffset end, string period = "hour") => json =>
    {
        json.WriteString("start_time", Iso(start));
        json.WriteString("end_time", Iso(end));
        Ids(json, ids);
        json.WriteString("period", period);
        json.WriteStartArray("types");
        json.WriteStringValue("sum");
        json.WriteEndArray();
    };

    public static Action<Utf8JsonWriter> IdsBody(IEnumerable<string> ids) => json => Ids(json, ids);

    /// <summary>Every statistic's last hour in a <see cref="DuringPeriod"/> result (start as epoch milliseconds, or ISO text on older Cores).</summary>
    public static Dictionary<string, DateTimeOffset> LastStarts(JsonElement result)
    {
        var last = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (result.ValueKind != JsonValueKind.Object)
        {
            return last;
        }

        foreach (var statistic in result.EnumerateObject())
        {
            foreach (var row in statistic.Value.EnumerateArray())
            {
                var start = row.GetProperty("start") is { ValueKind: JsonValueKind.Number } ms
                    ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms.GetDouble())
                    : DateTimeOffset.Parse(row.GetProperty("start").GetString()!, CultureInfo.InvariantCulture);
                if (!last.TryGetValue(statistic.Name, out var known) || start > known)
                {
                    last[statistic.Name] = start;
                }
            }
        }

        return last;
    }

    /// <summary>The statistic ids in a <see cref="Metadata"/> result.</summary>
    public static List<string> MetadataIds(JsonElement result) => result.ValueKind != JsonValueKind.Array
        ? []
        : [.. result.EnumerateArray().Select(m => m.TryGetProperty("statistic_id", out var id) ? id.GetString() : null).OfType<string>()];

    private static void Ids(Utf8JsonWriter json, IEnumerable<string> ids)
    {
        json.WriteStartArray("statistic_ids");
        foreach (var id in ids)
        {
            json.WriteStringValue(id);
        }

        json.WriteEndArray();
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
