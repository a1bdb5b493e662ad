using System.Text.Json;
using System.Text.Json.Nodes;

namespace Telemetry.Testing.Core;

/// <summary>
/// The few voluptuous validators Core's recorder commands are written with, behaving as voluptuous does: a dict schema refuses keys it
/// does not name (<c>extra=PREVENT_EXTRA</c>, the default that <c>BASE_COMMAND_MESSAGE_SCHEMA.extend</c> keeps: websocket_api/messages.py@2b9c97b9,
/// decorators.py@5c16a815), and every error is collected before the message is refused with <c>invalid_format</c>.
/// </summary>
/// <remarks>
/// Messages are voluptuous' own ("extra keys not allowed", "required key not provided", "expected bool"); for <c>vol.Any</c> the stub
/// words the first alternative. Python's <c>isinstance(True, int)</c> lets a JSON boolean pass <c>vol.Any(float, int)</c> in Core; the
/// stub refuses it, which only matters to a client sending booleans as numbers.
/// </remarks>
internal static class Vol
{
    public static VolKey Required(string name, Action<JsonNode?, string, SchemaErrors> check) => new(name, true, check);

    public static VolKey Optional(string name, Action<JsonNode?, string, SchemaErrors> check) => new(name, false, check);

    /// <summary>Validates <paramref name="node"/> against a dict schema of <paramref name="keys"/> and returns the errors.</summary>
    public static SchemaErrors Validate(JsonNode? node, IReadOnlyList<VolKey> keys)
    {
        var errors = new SchemaErrors();
        Dict(keys)(node, string.Empty, errors);
        return errors;
    }

    public static Action<JsonNode?, string, SchemaErrors> Dict(IReadOnlyList<VolKey> keys) => (node, path, errors) =>
    {
        if (node is not JsonObject obj)
        {
            errors.Add("expected a dictionary", path, node);
            return;
        }

        foreach (var (name, value) in obj)
        {
            var at = path + "[" + SchemaErrors.Repr(JsonValue.Create(name)) + "]";
            var key = keys.FirstOrDefault(k => k.Name == name);
            if (key is null)
            {
                errors.Add("extra keys not allowed", at, value);
            }
            else
            {
                key.Check(value, at, errors);
            }
        }

        foreach (var missing in keys.Where(k => k.Required && !obj.ContainsKey(k.Name)))
        {
            errors.Add("required key not provided", path + "[" + SchemaErrors.Repr(JsonValue.Create(missing.Name)) + "]", null);
        }
    };

    /// <summary><c>[schema]</c>: a list whose every item is validated by <paramref name="item"/>.</summary>
    public static Action<JsonNode?, string, SchemaErrors> ListOf(Action<JsonNode?, string, SchemaErrors> item) => (node, path, errors) =>
    {
        if (node is not JsonArray list)
        {
            errors.Add("expected list", path, node);
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            item(list[i], path + "[" + i + "]", errors);
        }
    };

    public static void Bool(JsonNode? node, string path, SchemaErrors errors) => Expect(Kind(node) is JsonValueKind.True or JsonValueKind.False, "expected bool", node, path, errors);

    public static void Str(JsonNode? node, string path, SchemaErrors errors) => Expect(Kind(node) == JsonValueKind.String, "expected str", node, path, errors);

    /// <summary><c>vol.Any(str, None)</c>.</summary>
    public static void StrOrNone(JsonNode? node, string path, SchemaErrors errors) => Expect(node is null || Kind(node) == JsonValueKind.String, "expected str", node, path, errors);

    /// <summary><c>vol.Any(float, int)</c>.</summary>
    public static void Number(JsonNode? node, string path, SchemaErrors errors) => Expect(Kind(node) == JsonValueKind.Number, "expected float", node, path, errors);

    /// <summary><c>cv.positive_int</c> as the message id is checked.</summary>
    public static void PositiveInt(JsonNode? node, string path, SchemaErrors errors) =>
        Expect(node is JsonValue v && v.TryGetValue(out long id) && id >= 0, "expected int", node, path, errors);

    /// <summary><c>cv.datetime</c>: a string <c>dt_util.parse_datetime</c> reads (its zone is checked later, by the recorder).</summary>
    public static void DateTime(JsonNode? node, string path, SchemaErrors errors) =>
        Expect(Kind(node) == JsonValueKind.String && HaTime.TryParse(node!.GetValue<string>(), out _, out _), "Invalid datetime specified: " + Text(node), node, path, errors);

    /// <summary><c>vol.Any(cv.datetime, None)</c>.</summary>
    public static void DateTimeOrNone(JsonNode? node, string path, SchemaErrors errors)
    {
        if (node is not null)
        {
            DateTime(node, path, errors);
        }
    }

    /// <summary>A literal, as <c>vol.Required("type"): "recorder/import_statistics"</c>.</summary>
    public static Action<JsonNode?, string, SchemaErrors> Literal(string expected) => (node, path, errors) =>
        Expect(Kind(node) == JsonValueKind.String && node!.GetValue<string>() == expected, "not a valid value", node, path, errors);

    /// <summary><c>vol.In(values)</c> over strings, as <c>vol.Any("5minute", "hour", ...)</c> is used.</summary>
    public static Action<JsonNode?, string, SchemaErrors> OneOf(params string[] values) => (node, path, errors) =>
        Expect(Kind(node) == JsonValueKind.String && values.Contains(node!.GetValue<string>()), "not a valid value", node, path, errors);

    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    private static string Text(JsonNode? node) => Kind(node) == JsonValueKind.String ? node!.GetValue<string>() : node?.ToJsonString() ?? "None";

    private static void Expect(bool valid, string message, JsonNode? node, string path, SchemaErrors errors)
    {
        if (!valid)
        {
            errors.Add(message, path, node);
        }
    }
}
