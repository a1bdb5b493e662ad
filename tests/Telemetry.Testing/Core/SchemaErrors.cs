using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Telemetry.Testing.Core;

/// <summary>
/// The errors one voluptuous validation collects, worded as Core sends them: <c>vol.humanize.humanize_error</c> joins, sorted, one
/// <c>"{message} @ data[...]. Got {repr(value)}"</c> line per error (websocket_api/connection.py@55ec0e99 <c>async_handle_exception</c>).
/// </summary>
internal sealed class SchemaErrors
{
    // voluptuous.humanize.MAX_VALIDATION_ERROR_ITEM_LENGTH
    private const int MaxItemLength = 500;
    private readonly List<string> _lines = [];

    public bool Any => _lines.Count > 0;

    /// <summary>What <c>humanize_error</c> gives for all errors so far.</summary>
    public string Humanized => string.Join('\n', _lines.Order(StringComparer.Ordinal));

    public void Add(string message, string path, JsonNode? got)
    {
        var repr = Repr(got);
        if (repr.Length > MaxItemLength)
        {
            repr = repr[..(MaxItemLength - 3)] + "...";
        }

        _lines.Add(path.Length == 0 ? $"{message}. Got {repr}" : $"{message} @ data{path}. Got {repr}");
    }

    /// <summary>Python's <c>repr</c> of the value json.loads made of <paramref name="node"/>.</summary>
    public static string Repr(JsonNode? node) => node switch
    {
        null => "None",
        JsonObject o => "{" + string.Join(", ", o.Select(p => Quote(p.Key) + ": " + Repr(p.Value))) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(Repr)) + "]",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => Quote(node.GetValue<string>()),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            JsonValueKind.Number => NumberRepr(node),
            _ => node.ToJsonString(),
        },
    };

    private static string NumberRepr(JsonNode node)
    {
        var raw = node.ToJsonString();
        if (node.AsValue().TryGetValue(out long whole) && !raw.Contains('.', StringComparison.Ordinal) && !raw.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        var value = node.GetValue<double>();
        return value == Math.Floor(value) && Math.Abs(value) < 1e16 ? value.ToString("0.0", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string Quote(string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ => c.ToString(),
            });
        }

        return builder.Append(quote).ToString();
    }
}
