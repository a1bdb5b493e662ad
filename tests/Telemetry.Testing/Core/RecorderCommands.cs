using System.Text.Json.Nodes;

namespace Telemetry.Testing.Core;

/// <summary>
/// The websocket commands the stub registers, each validated by its schema, then <c>require_admin</c>, then run, the order Core's
/// <c>ActiveConnection.async_handle</c> gives them (websocket_api/connection.py@55ec0e99: <c>handler(hass, self, schema(msg))</c>,
/// and <c>with_admin</c> is the handler's outer wrapper).
/// </summary>
internal sealed class RecorderCommands(CoreStub stub)
{
    private static readonly string[] Periods = ["5minute", "hour", "day", "week", "month"];

    /// <summary>Whether Core knows <paramref name="type"/>; an unknown one is answered <c>unknown_command</c>.</summary>
    public static bool Knows(string type) => type is "recorder/import_statistics" or "recorder/statistics_during_period"
        or "recorder/get_statistics_metadata" or "recorder/clear_statistics" or "supported_features" or "ping";

    /// <summary>Runs a command; its result, or a <see cref="CommandError"/>.</summary>
    public JsonNode? Run(string type, JsonObject message) => type switch
    {
        "recorder/import_statistics" => Import(message),
        "recorder/statistics_during_period" => During(message),
        "recorder/get_statistics_metadata" => Metadata(message),
        "recorder/clear_statistics" => Clear(message),
        // websocket_api/commands.py: supported_features records the features (coalescing, which the stub never does).
        "supported_features" => SupportedFeatures(message),
        _ => null,
    };

    private JsonNode? SupportedFeatures(JsonObject message)
    {
        Validate(message, [Vol.Required("features", (node, path, errors) => { if (node is not JsonObject) { errors.Add("expected a dictionary", path, node); } })], admin: false);
        return null;
    }

    private JsonNode? Import(JsonObject message)
    {
        var version = CoreVersion.Parse(stub.HaVersion);
        Validate(message, ImportStatisticsSchema.For(version), admin: true);
        var import = RecorderRules.Apply(message, version, stub.HomeAssistantErrorCode);
        stub.Imported(message, import);
        return null;
    }

    private JsonObject During(JsonObject message)
    {
        Validate(message, DuringSchema, admin: false);
        if (!HaTime.TryParse(message["start_time"]!.GetValue<string>(), out var start, out _))
        {
            throw new CommandError(CoreErrorCodes.InvalidStartTime, "Invalid start_time");
        }

        DateTimeOffset? end = null;
        if (message["end_time"]?.GetValue<string>() is { Length: > 0 } endText)
        {
            end = HaTime.TryParse(endText, out var parsed, out _) ? parsed : throw new CommandError(CoreErrorCodes.InvalidEndTime, "Invalid end_time");
        }

        var types = message["types"] is JsonArray named ? named.Select(t => t!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) : StatisticsQuery.AllTypes;
        var ids = message["statistic_ids"]!.AsArray().Select(i => i!.GetValue<string>());
        return StatisticsQuery.During(stub.Store, start.ToUniversalTime(), end?.ToUniversalTime(), ids, message["period"]!.GetValue<string>(), types);
    }

    private JsonArray Metadata(JsonObject message)
    {
        Validate(message, [Vol.Optional("statistic_ids", Vol.ListOf(Vol.Str))], admin: false);
        var wanted = message["statistic_ids"]?.AsArray().Select(i => i!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var version = CoreVersion.Parse(stub.HaVersion);
        var items = stub.Store.Metadata.Values
            .Where(m => wanted is null || wanted.Count == 0 || wanted.Contains(m.StatisticId))
            .OrderBy(m => m.StatisticId, StringComparer.Ordinal)
            .Select(m => MetadataItem(m, version));
        return new JsonArray([.. items]);
    }

    private JsonNode? Clear(JsonObject message)
    {
        Validate(message, [Vol.Required("statistic_ids", Vol.ListOf(Vol.Str))], admin: true);
        stub.Store.Clear(message["statistic_ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        return null;
    }

    // recorder/statistics.py@0055cc7e _flatten_list_statistic_ids_metadata_result. Older Cores have no mean_type; from 2026.11 the
    // blog post says has_mean "will be removed" (the stub's reading, not Core's code).
    private static JsonObject MetadataItem(StubStatisticMetadata m, CoreVersion version)
    {
        var item = new JsonObject
        {
            ["statistic_id"] = m.StatisticId,
            ["display_unit_of_measurement"] = m.UnitOfMeasurement,
            ["has_mean"] = m.MeanType == 1,
            ["mean_type"] = m.MeanType,
            ["has_sum"] = m.HasSum,
            ["name"] = m.Name,
            ["source"] = m.Source,
            ["statistics_unit_of_measurement"] = m.UnitOfMeasurement,
            ["unit_class"] = m.UnitClass,
        };
        if (!version.IsAtLeast(CoreVersion.MeanTypeAccepted))
        {
            item.Remove("mean_type");
        }

        if (version.IsAtLeast(CoreVersion.MeanTypeRequired))
        {
            item.Remove("has_mean");
        }

        return item;
    }

    // recorder/websocket_api.py@dfbe53eb ws_get_statistics_during_period (the same in the 2026 text, with more unit classes).
    private static IReadOnlyList<VolKey> DuringSchema =>
    [
        Vol.Required("start_time", Vol.Str),
        Vol.Optional("end_time", Vol.Str),
        Vol.Required("statistic_ids", (node, path, errors) =>
        {
            Vol.ListOf(Vol.Str)(node, path, errors);
            if (node is JsonArray { Count: 0 })
            {
                errors.Add("length of value must be at least 1", path, node);
            }
        }),
        Vol.Required("period", Vol.OneOf(Periods)),
        Vol.Optional("units", Vol.Dict([.. RecorderRules.UnitClasses.Select(c => Vol.Optional(c, Vol.Str))])),
        Vol.Optional("types", Vol.ListOf(Vol.OneOf([.. StatisticsQuery.AllTypes]))),
    ];

    private void Validate(JsonObject message, IReadOnlyList<VolKey> keys, bool admin)
    {
        var type = message["type"]!.GetValue<string>();
        // websocket_command extends BASE_COMMAND_MESSAGE_SCHEMA ({id: cv.positive_int}) with the command's keys, type among them.
        IReadOnlyList<VolKey> full = keys.Any(k => k.Name == "id") ? keys : [Vol.Required("id", Vol.PositiveInt), Vol.Required("type", Vol.Literal(type)), .. keys];
        var errors = Vol.Validate(message, full);
        if (errors.Any)
        {
            throw new CommandError(CoreErrorCodes.InvalidFormat, errors.Humanized);
        }

        if (admin && stub.Fault == StubFault.NotAdmin)
        {
            throw new CommandError(CoreErrorCodes.Unauthorized, "Unauthorized");
        }

        if (type.StartsWith("recorder/", StringComparison.Ordinal) && stub.Fault == StubFault.RecorderError)
        {
            throw new CommandError(CoreErrorCodes.UnknownError, "Unknown error");
        }
    }
}
