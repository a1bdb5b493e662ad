using System.Text.Json;
using System.Text.Json.Nodes;

namespace Telemetry.Testing.Core;

/// <summary>
/// The voluptuous schema of <c>recorder/import_statistics</c> for a given Core release, copied from Core's
/// homeassistant/components/recorder/websocket_api.py <c>ws_import_statistics</c>.
/// </summary>
internal static class ImportStatisticsSchema
{
    /// <summary>The command's schema as <paramref name="version"/> validates it.</summary>
    public static IReadOnlyList<VolKey> For(CoreVersion version) =>
    [
        Vol.Required("id", Vol.PositiveInt),
        Vol.Required("type", Vol.Literal("recorder/import_statistics")),
        Vol.Required("metadata", Vol.Dict(Metadata(version))),
        Vol.Required("stats", Vol.ListOf(Vol.Dict(Row))),
    ];

    private static IReadOnlyList<VolKey> Metadata(CoreVersion version)
    {
        if (version.IsAtLeast(CoreVersion.MeanTypeRequired))
        {
            // Not Core's code: what the announced 2026.11 change reads as (CoreVersion.MeanTypeRequired). has_mean is gone,
            // mean_type and unit_class are required.
            return [Vol.Required("mean_type", MeanType), .. Common, Vol.Required("unit_class", Vol.StrOrNone)];
        }

        if (version.IsAtLeast(CoreVersion.MeanTypeAccepted))
        {
            // websocket_api.py as of 2026 (index text of Core's file with recorder/get_entity_exclusions; statistics.py@0055cc7e is its
            // companion): has_mean, mean_type and unit_class are all optional; a missing mean_type or unit_class is logged.
            return [Vol.Optional("has_mean", Vol.Bool), Vol.Optional("mean_type", MeanType), .. Common, Vol.Optional("unit_class", Vol.StrOrNone)];
        }

        // websocket_api.py@dfbe53eb: has_mean required, and a mean_type or unit_class is an extra key.
        return [Vol.Required("has_mean", Vol.Bool), .. Common];
    }

    private static IReadOnlyList<VolKey> Common =>
    [
        Vol.Required("has_sum", Vol.Bool),
        Vol.Required("name", Vol.StrOrNone),
        Vol.Required("source", Vol.Str),
        Vol.Required("statistic_id", Vol.Str),
        Vol.Required("unit_of_measurement", Vol.StrOrNone),
    ];

    // Identical in every release read (dfbe53eb and the 2026 text).
    private static IReadOnlyList<VolKey> Row =>
    [
        Vol.Required("start", Vol.DateTime),
        Vol.Optional("mean", Vol.Number),
        Vol.Optional("min", Vol.Number),
        Vol.Optional("max", Vol.Number),
        Vol.Optional("last_reset", Vol.DateTimeOrNone),
        Vol.Optional("state", Vol.Number),
        Vol.Optional("sum", Vol.Number),
    ];

    // vol.All(vol.In(StatisticMeanType.__members__.values()), vol.Coerce(StatisticMeanType)); StatisticMeanType is NONE 0,
    // ARITHMETIC 1, CIRCULAR 2 (recorder/models/statistics.py@03b04f2b), an IntEnum, so 1.0 is in it too.
    private static void MeanType(JsonNode? node, string path, SchemaErrors errors)
    {
        if (Vol.Kind(node) != JsonValueKind.Number || node!.GetValue<double>() is not (0 or 1 or 2))
        {
            errors.Add("value must be one of [<StatisticMeanType.NONE: 0>, <StatisticMeanType.ARITHMETIC: 1>, <StatisticMeanType.CIRCULAR: 2>]", path, node);
        }
    }
}
