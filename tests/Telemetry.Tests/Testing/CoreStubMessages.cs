using System.Text.Json.Nodes;

namespace Telemetry.Tests.Testing;

/// <summary>Recorder commands as a client writes them, for the Core stub's tests.</summary>
internal static class CoreStubMessages
{
    public const string StatisticId = "telemetry:tokens_total";

    /// <summary>Metadata as Core from 2025.11 wants it: <c>mean_type</c> and <c>unit_class</c>, no <c>has_mean</c>.</summary>
    public static JsonObject ModernMetadata(string statisticId = StatisticId, string source = "telemetry") => new()
    {
        ["mean_type"] = 0,
        ["has_sum"] = true,
        ["name"] = "Tokens",
        ["source"] = source,
        ["statistic_id"] = statisticId,
        ["unit_class"] = null,
        ["unit_of_measurement"] = "tokens",
    };

    /// <summary>Metadata as Core before 2025.11 wants it: <c>has_mean</c>, nothing newer.</summary>
    public static JsonObject LegacyMetadata(string statisticId = StatisticId, string source = "telemetry") => new()
    {
        ["has_mean"] = false,
        ["has_sum"] = true,
        ["name"] = "Tokens",
        ["source"] = source,
        ["statistic_id"] = statisticId,
        ["unit_of_measurement"] = "tokens",
    };

    public static JsonObject Import(JsonObject metadata, params JsonObject[] rows) => new()
    {
        ["type"] = "recorder/import_statistics",
        ["metadata"] = metadata,
        ["stats"] = new JsonArray([.. rows]),
    };

    public static JsonObject Row(string start, double state, double sum) => new() { ["start"] = start, ["state"] = state, ["sum"] = sum };

    public static JsonObject HourlySince(string start, string statisticId = StatisticId) => new()
    {
        ["type"] = "recorder/statistics_during_period",
        ["start_time"] = start,
        ["statistic_ids"] = new JsonArray(statisticId),
        ["period"] = "hour",
        ["types"] = new JsonArray("sum", "state"),
    };

    public static string ErrorCode(JsonObject result) => (string)result["error"]!["code"]!;
}
