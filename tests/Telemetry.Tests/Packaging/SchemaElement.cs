using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Telemetry.Tests.Packaging;

/// <summary>
/// One scalar element of an add-on's options <c>schema</c>, read with the Supervisor's grammar
/// (<c>RE_SCHEMA_ELEMENT</c> in supervisor/apps/options.py):
/// <c>bool | email | url | port | device[(subsystem=x)] | str[(min,max)] | password[(min,max)] | int[(min,max)] |
/// float[(min,max)] | match(REGEX) | list(a|b|c)</c>, each with an optional trailing <c>?</c>.
/// </summary>
internal sealed partial record SchemaElement(string Kind, string? Min, string? Max, string? Argument, bool Optional)
{
    // The Supervisor's expression also admits an empty element ("" or "?"); an empty type is a mistake here.
    [GeneratedRegex("""
        ^(?:bool|email|url|port
        |device(?:\((?<filter>subsystem=[a-z]+)\))?
        |str(?:\((?<s_min>\d+)?,(?<s_max>\d+)?\))?
        |password(?:\((?<p_min>\d+)?,(?<p_max>\d+)?\))?
        |int(?:\((?<i_min>-?\d+)?,(?<i_max>-?\d+)?\))?
        |float(?:\((?<f_min>-?\d*\.?\d+)?,(?<f_max>-?\d*\.?\d+)?\))?
        |match\((?<match>.*)\)
        |list\((?<list>.+)\)
        )(?<optional>\?)?$
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    /// <summary>The regular expression of a <c>match(...)</c> element, compiled as the Supervisor applies it (from the start).</summary>
    public Regex? Pattern { get; private init; }

    /// <summary>The choices of a <c>list(...)</c> element.</summary>
    public IReadOnlyList<string> Choices { get; private init; } = [];

    /// <summary>Reads <paramref name="text"/>; null with a reason when it is not in the grammar or its regex does not compile.</summary>
    public static SchemaElement? TryParse(string text, out string? problem)
    {
        problem = null;
        var match = Grammar().Match(text);
        if (!match.Success)
        {
            problem = $"'{text}' is not in the Supervisor's schema grammar";
            return null;
        }

        var kind = text.TrimEnd('?');
        var open = kind.IndexOf('(', StringComparison.Ordinal);
        kind = open < 0 ? kind : kind[..open];
        string? Group(string name) => match.Groups[name].Success ? match.Groups[name].Value : null;
        var (min, max) = kind switch
        {
            "str" => (Group("s_min"), Group("s_max")),
            "password" => (Group("p_min"), Group("p_max")),
            "int" => (Group("i_min"), Group("i_max")),
            "float" => (Group("f_min"), Group("f_max")),
            _ => (null, null),
        };
        var element = new SchemaElement(kind, min, max, Group("match") ?? Group("list") ?? Group("filter"), match.Groups["optional"].Success);

        if (kind == "match")
        {
            try
            {
                // re.match: anchored at the start only.
                return element with { Pattern = new Regex($@"\A(?:{element.Argument})", RegexOptions.CultureInvariant) };
            }
            catch (ArgumentException ex)
            {
                problem = $"the regular expression of '{text}' does not compile: {ex.Message}";
                return null;
            }
        }

        if (kind == "list")
        {
            var choices = element.Argument!.Split('|');
            if (choices.Any(choice => choice.Length == 0))
            {
                problem = $"'{text}' has an empty choice";
                return null;
            }

            return element with { Choices = choices };
        }

        return element;
    }

    /// <summary>Whether the Supervisor would accept <paramref name="value"/> (a YAML scalar's text) for this element.</summary>
    public bool Accepts(string value) => Kind switch
    {
        "bool" => value is "true" or "false",
        "email" => value.IndexOf('@', StringComparison.Ordinal) > 0,
        "url" => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host.Length > 0,
        "port" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535,
        "int" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && InRange(n),
        "float" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && InRange(f),
        "match" => Pattern!.IsMatch(value),
        "list" => Choices.Contains(value),
        "str" or "password" => InRange(value.Length),
        _ => true,
    };

    /// <summary>The value as the Supervisor writes it into <c>options.json</c>: numbers and booleans unquoted.</summary>
    public JsonNode ToJson(string value) => Kind switch
    {
        "int" or "port" => JsonValue.Create(long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
        "float" => JsonValue.Create(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)),
        "bool" => JsonValue.Create(value == "true"),
        _ => JsonValue.Create(value),
    };

    /// <summary>Two different values this element accepts, or fewer when the grammar leaves no choice.</summary>
    public IReadOnlyList<string> Samples()
    {
        IEnumerable<string> candidates = Kind switch
        {
            "bool" => ["true", "false"],
            "email" => ["a@example.com", "b@example.com"],
            "url" => ["http://agent-a.example:8080/", "http://agent-b.example:8081/"],
            "port" => ["1883", "8883"],
            "device" => ["/dev/ttyUSB0", "/dev/ttyUSB1"],
            "int" => IntegerSamples(),
            "float" => FloatSamples(),
            "str" or "password" => [Text('a'), Text('b')],
            "list" => Choices,
            "match" => MatchCandidates,
            _ => [],
        };
        return [.. candidates.Where(Accepts).Distinct(StringComparer.Ordinal).Take(2)];
    }

    // Typical option values: names, topic prefixes, numbers. A match() whose regex accepts fewer than two of
    // these needs more candidates here.
    private static readonly string[] MatchCandidates =
        ["thane", "sample", "a", "b", "sample_1", "sample-2", "a/b", "a/b/c", "1", "42", "0", "example.com", "Sample"];

    private IEnumerable<string> IntegerSamples()
    {
        var low = Min is null ? (Max is null ? 1 : long.Parse(Max, CultureInfo.InvariantCulture) - 1) : long.Parse(Min, CultureInfo.InvariantCulture);
        var high = Max is null ? low + 1 : long.Parse(Max, CultureInfo.InvariantCulture);
        return [low.ToString(CultureInfo.InvariantCulture), high.ToString(CultureInfo.InvariantCulture)];
    }

    private IEnumerable<string> FloatSamples()
    {
        var low = Min is null ? (Max is null ? 0.5 : double.Parse(Max, CultureInfo.InvariantCulture) - 1) : double.Parse(Min, CultureInfo.InvariantCulture);
        var high = Max is null ? low + 1 : double.Parse(Max, CultureInfo.InvariantCulture);
        return [low.ToString("R", CultureInfo.InvariantCulture), high.ToString("R", CultureInfo.InvariantCulture)];
    }

    private string Text(char letter)
    {
        var length = Math.Max(Min is null ? 0 : int.Parse(Min, CultureInfo.InvariantCulture), Math.Min(8, Max is null ? 8 : int.Parse(Max, CultureInfo.InvariantCulture)));
        return new string(letter, Math.Max(1, length));
    }

    private bool InRange(double value) =>
        (Min is null || value >= double.Parse(Min, CultureInfo.InvariantCulture)) &&
        (Max is null || value <= double.Parse(Max, CultureInfo.InvariantCulture));
}
