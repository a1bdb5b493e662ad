using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Telemetry.Testing.Core;

/// <summary>
/// What Core checks after the schema, in <c>ws_import_statistics</c> and the recorder functions it calls, in Core's order; each
/// refusal is Core's <c>HomeAssistantError</c> with Core's text.
/// </summary>
/// <remarks>Copied from homeassistant/components/recorder/statistics.py@0055cc7eb7bda933df599c92f7d51b2e1a293ba7
/// (<c>async_import_statistics</c>, <c>async_add_external_statistics</c>, <c>_async_import_statistics</c>).</remarks>
internal static partial class RecorderRules
{
    // The unit classes Core has converters for: the keys of UNIT_SCHEMA in recorder/websocket_api.py (2026 text), which Core's test
    // test_converters_align_with_sensor keeps equal to the converters' UNIT_CLASS values.
    public static readonly IReadOnlySet<string> UnitClasses = new HashSet<string>(StringComparer.Ordinal)
    {
        "apparent_power", "area", "blood_glucose_concentration", "carbon_monoxide", "concentration", "conductivity", "data_rate",
        "distance", "duration", "electric_current", "voltage", "energy", "energy_distance", "information", "mass", "power",
        "pressure", "reactive_energy", "reactive_power", "speed", "temperature", "temperature_delta", "unitless", "volume",
        "volume_flow_rate",
    };

    /// <summary>Applies Core's checks to a message the schema accepted, returning what the recorder will store.</summary>
    /// <param name="errorCode">The code Core answers a <c>HomeAssistantError</c> with (<see cref="CoreStub.HomeAssistantErrorCode"/>).</param>
    public static StatisticsImport Apply(JsonObject message, CoreVersion version, string errorCode)
    {
        var metadata = message["metadata"]!.AsObject();
        var statisticId = metadata["statistic_id"]!.GetValue<string>();
        var source = metadata["source"]!.GetValue<string>();

        // ws_import_statistics logs one warning for each of mean_type and unit_class left out (websocket_api.py, 2026 text).
        var warnings = version.IsAtLeast(CoreVersion.MeanTypeAccepted) && !version.IsAtLeast(CoreVersion.MeanTypeRequired)
            ? (metadata.ContainsKey("mean_type") ? 0 : 1) + (metadata.ContainsKey("unit_class") ? 0 : 1)
            : 0;

        if (ValidEntityId().IsMatch(statisticId))
        {
            // async_import_statistics: an entity's statistics come from the recorder itself.
            Refuse(source != "recorder", "Invalid source", errorCode);
        }
        else
        {
            // async_add_external_statistics: "The statistic_id has same limitations as an entity_id, but with a ':' as separator",
            // and "The source must not be empty and must be aligned with the statistic_id".
            Refuse(!ValidStatisticId().IsMatch(statisticId), "Invalid statistic_id", errorCode);
            Refuse(source.Length == 0 || source != statisticId.Split(':', 2)[0], "Invalid source", errorCode);
        }

        // _async_import_statistics: mean_type falls back to has_mean, unit_class to the unit's converter.
        var meanType = metadata["mean_type"] is { } named ? (int)named.GetValue<double>() : metadata["has_mean"]?.GetValue<bool>() == true ? 1 : 0;
        var unit = (string?)metadata["unit_of_measurement"];
        var unitClass = metadata.ContainsKey("unit_class") ? (string?)metadata["unit_class"] : UnitClassOf(unit);
        Refuse(unitClass is not null && !UnitClasses.Contains(unitClass), $"Unsupported unit_class: '{unitClass}'", errorCode);

        var rows = message["stats"]!.AsArray().Select(row => Row(row!.AsObject(), errorCode)).ToList();
        var stored = new StubStatisticMetadata(statisticId, source, (string?)metadata["name"], unit, unitClass, meanType, metadata["has_sum"]!.GetValue<bool>());
        return new StatisticsImport(stored, rows, warnings);
    }

    private static StubStatisticRow Row(JsonObject row, string errorCode)
    {
        var (start, naive) = HaTime.Parse(row["start"]!.GetValue<string>());
        Refuse(naive, "Naive timestamp: no or invalid timezone info provided", errorCode);
        Refuse(
            start.Minute != 0 || start.Second != 0 || start.Ticks % TimeSpan.TicksPerSecond != 0,
            "Invalid timestamp: timestamps must be from the top of the hour (minutes and seconds = 0)",
            errorCode);

        DateTimeOffset? lastReset = null;
        if (row["last_reset"] is { } reset)
        {
            var (parsed, resetNaive) = HaTime.Parse(reset.GetValue<string>());
            Refuse(resetNaive, "Naive timestamp", errorCode);
            lastReset = parsed.ToUniversalTime();
        }

        return new StubStatisticRow(
            start.ToUniversalTime(), Value(row, "state"), Value(row, "sum"), Value(row, "mean"), Value(row, "min"), Value(row, "max"), lastReset);
    }

    // STATISTIC_UNIT_TO_UNIT_CONVERTER maps every unit of the primary converters to its class; the stub knows a few of them.
    private static string? UnitClassOf(string? unit) => unit switch
    {
        null or "%" => "unitless",
        "Wh" or "kWh" or "MWh" or "GWh" or "TWh" => "energy",
        "ms" or "s" or "min" or "h" or "d" => "duration",
        _ => null,
    };

    private static double? Value(JsonObject row, string key) => row[key]?.GetValue<double>();

    private static void Refuse(bool refused, string message, string errorCode)
    {
        if (refused)
        {
            throw new CommandError(errorCode, message);
        }
    }

    // homeassistant/core.py VALID_ENTITY_ID.
    [GeneratedRegex(@"^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$")]
    private static partial Regex ValidEntityId();

    // recorder/statistics.py@0055cc7e VALID_STATISTIC_ID.
    [GeneratedRegex(@"^(?!.+__)(?!_)[\da-z_]+(?<!_):(?!_)[\da-z_]+(?<!_)$")]
    private static partial Regex ValidStatisticId();
}
