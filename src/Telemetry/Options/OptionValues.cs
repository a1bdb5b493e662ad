using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Telemetry.Options;

/// <summary>Typed reads of one options object, each failing with the option's name.</summary>
internal readonly struct OptionValues(JsonElement root)
{
    public string RequiredString(string key) =>
        OptionalString(key) ?? Default(key) ?? throw InvalidOptionException.ForOption(key, "is required");

    public string? OptionalString(string key, bool trim = true)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw InvalidOptionException.ForOption(key, $"expected text, got {Describe(key, value)}");
        }

        // A password is taken as typed: spaces may be part of it.
        var text = trim ? value.GetString()!.Trim() : value.GetString()!;
        return text.Length == 0 ? null : text;
    }

    public string Matching(string key, Regex pattern, string hint)
    {
        var text = RequiredString(key);
        return pattern.IsMatch(text) ? text : throw InvalidOptionException.ForOption(key, $"'{text}' is not allowed: {hint}");
    }

    public Uri? OptionalHttpUrl(string key)
    {
        var text = OptionalString(key);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw InvalidOptionException.ForOption(key, $"'{text}' is not an http:// or https:// URL");
        }

        return uri;
    }

    public int Integer(string key, int min, int max) =>
        OptionalInteger(key, min, max)
        ?? ParseDefaultInteger(key, min, max)
        ?? throw InvalidOptionException.ForOption(key, "is required");

    public int? OptionalInteger(string key, int min, int max)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // The Supervisor writes numbers; a hand-written file may quote them.
        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => (long?)null,
        };
        if (parsed is not { } number)
        {
            throw InvalidOptionException.ForOption(key, $"expected a whole number, got {Describe(key, value)}");
        }

        return number >= min && number <= max
            ? (int)number
            : throw InvalidOptionException.ForOption(key, $"{number} is out of range ({min} to {max})");
    }

    /// <summary>A true/false option with a default in config.yaml.</summary>
    public bool Bool(string key) =>
        OptionalBool(key) ?? (Default(key) is { } text ? bool.Parse(text) : throw InvalidOptionException.ForOption(key, "is required"));

    public bool? OptionalBool(string key)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw InvalidOptionException.ForOption(key, $"expected true or false, got {Describe(key, value)}"),
        };
    }

    public LogLevel LogLevel(string key)
    {
        var text = RequiredString(key);
        return text.ToLowerInvariant() switch
        {
            "trace" => Microsoft.Extensions.Logging.LogLevel.Trace,
            "debug" => Microsoft.Extensions.Logging.LogLevel.Debug,
            "info" => Microsoft.Extensions.Logging.LogLevel.Information,
            "warning" => Microsoft.Extensions.Logging.LogLevel.Warning,
            "error" => Microsoft.Extensions.Logging.LogLevel.Error,
            _ => throw InvalidOptionException.ForOption(key, $"'{text}' is not one of trace, debug, info, warning, error"),
        };
    }

    private static string? Default(string key) =>
        ManifestDefaults.Options.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    private static int? ParseDefaultInteger(string key, int min, int max)
    {
        var text = Default(key);
        return text is null ? null : int.Clamp(int.Parse(text, CultureInfo.InvariantCulture), min, max);
    }

    private static string Describe(string key, JsonElement value) => value.ValueKind switch
    {
        _ when key.Contains("password", StringComparison.Ordinal) || key.Contains("token", StringComparison.Ordinal) => $"a {value.ValueKind.ToString().ToLowerInvariant()} value (not shown)",
        JsonValueKind.String => $"'{value.GetString()}'",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}
