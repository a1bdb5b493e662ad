using System.Text.Json.Nodes;
using Telemetry.Options;

namespace Telemetry.Tests.Packaging;

/// <summary>How the manifest's options meet the program's own option validation (<see cref="OptionsParser"/>).</summary>
internal static class OptionsContract
{
    /// <summary><c>options.json</c> as the Supervisor writes it from <paramref name="defaults"/>: typed by the schema.</summary>
    public static string DefaultsJson(IReadOnlyDictionary<string, string> defaults, IReadOnlyDictionary<string, SchemaElement> schema)
    {
        var json = new JsonObject();
        foreach (var (key, value) in defaults)
        {
            json[key] = schema.TryGetValue(key, out var element) ? element.ToJson(value) : JsonValue.Create(value);
        }

        return json.ToJsonString();
    }

    /// <summary>
    /// The schema keys the program does not read, each with the reason. A key counts as read when changing its value
    /// (from one valid sample to another, every other key set) changes the parsed <see cref="TelemetryOptions"/>:
    /// a key the program ignores, misspelt in the schema or forgotten in the parser, changes nothing.
    /// </summary>
    public static IReadOnlyList<string> UnreadKeys(IReadOnlyDictionary<string, SchemaElement> schema)
    {
        var unread = new List<string>();
        var samples = schema.ToDictionary(entry => entry.Key, entry => entry.Value.Samples(), StringComparer.Ordinal);
        foreach (var (key, values) in samples.Where(entry => entry.Value.Count < 2))
        {
            unread.Add($"{key}: no two sample values for '{schema[key].Kind}({schema[key].Argument})'; add candidates to SchemaElement");
        }

        if (unread.Count > 0)
        {
            return unread;
        }

        var baseline = new JsonObject();
        foreach (var (key, values) in samples)
        {
            baseline[key] = schema[key].ToJson(values[0]);
        }

        var parsedBaseline = OptionsParser.Parse(baseline.ToJsonString());
        foreach (var (key, values) in samples)
        {
            var changed = (JsonObject)baseline.DeepClone();
            changed[key] = schema[key].ToJson(values[1]);
            if (OptionsParser.Parse(changed.ToJsonString()) == parsedBaseline)
            {
                unread.Add($"{key}: changing it from {values[0]} to {values[1]} changes nothing the program parses");
            }
        }

        return unread;
    }
}
