using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Telemetry.Options;

/// <summary>Turns the Supervisor's <c>options.json</c> into <see cref="TelemetryOptions"/>, or names the bad option.</summary>
/// <remarks>
/// Keys missing from the file take the defaults of <c>config.yaml</c>. Checks that need the file system
/// (does <c>thane_dir</c> exist) are in <see cref="Validate"/>, so the manifest's own defaults can be parsed anywhere.
/// </remarks>
internal static partial class OptionsParser
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(3600);

    /// <summary>Parses options JSON; throws <see cref="InvalidOptionException"/> naming the first bad option.</summary>
    public static TelemetryOptions Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidOptionException("options", $"not valid JSON ({ex.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOptionException("options", "expected a JSON object of option keys");
            }

            var values = new Values(document.RootElement);
            var mqttHost = values.OptionalString("mqtt_host");
            // Checked even without mqtt_host, so a bad value in a hand-written file is not silently ignored.
            var broker = ParseBroker(values, mqttHost ?? "");
            return new TelemetryOptions
            {
                ThaneDir = values.RequiredString("thane_dir"),
                MainDb = values.OptionalString("main_db"),
                LogsDb = values.OptionalString("logs_db"),
                AttachmentsDb = values.OptionalString("attachments_db"),
                UsageDb = values.OptionalString("usage_db"),
                AgentUrl = values.OptionalHttpUrl("agent_url"),
                DeviceName = values.Matching("device_name", DeviceNamePattern(), "use 1 to 64 letters, digits, '_' or '-'"),
                DiscoveryPrefix = values.Matching("discovery_prefix", DiscoveryPrefixPattern(), "use letters, digits, '_' or '-', with '/' between segments"),
                Interval = TimeSpan.FromSeconds(values.Integer("interval", (int)MinInterval.TotalSeconds, (int)MaxInterval.TotalSeconds)),
                LogLevel = values.LogLevel("log_level"),
                Broker = mqttHost is null ? null : broker,
            };
        }
    }

    /// <summary>The checks that look at the machine: the agent's directory must exist.</summary>
    public static void Validate(TelemetryOptions options)
    {
        if (!Directory.Exists(options.ThaneDir))
        {
            throw new InvalidOptionException("thane_dir", $"directory '{options.ThaneDir}' does not exist (is the agent's folder under /share mapped?)");
        }
    }

    private static BrokerOptions ParseBroker(Values values, string host)
    {
        var useTls = values.OptionalBool("mqtt_tls") ?? false;
        var port = values.OptionalInteger("mqtt_port", 1, 65535) ?? BrokerOptions.DefaultPort(useTls);
        return new BrokerOptions(host, port, values.OptionalString("mqtt_username"), values.OptionalString("mqtt_password", trim: false), useTls);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex DeviceNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")]
    private static partial Regex DiscoveryPrefixPattern();

    /// <summary>Typed reads of one options object, each failing with the option's name.</summary>
    private readonly struct Values(JsonElement root)
    {
        public string RequiredString(string key) =>
            OptionalString(key) ?? Default(key) ?? throw new InvalidOptionException(key, "is required");

        public string? OptionalString(string key, bool trim = true)
        {
            if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidOptionException(key, $"expected text, got {Describe(key, value)}");
            }

            // A password is taken as typed: spaces may be part of it.
            var text = trim ? value.GetString()!.Trim() : value.GetString()!;
            return text.Length == 0 ? null : text;
        }

        public string Matching(string key, Regex pattern, string hint)
        {
            var text = RequiredString(key);
            return pattern.IsMatch(text) ? text : throw new InvalidOptionException(key, $"'{text}' is not allowed: {hint}");
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
                throw new InvalidOptionException(key, $"'{text}' is not an http:// or https:// URL");
            }

            return uri;
        }

        public int Integer(string key, int min, int max) =>
            OptionalInteger(key, min, max)
            ?? ParseDefaultInteger(key, min, max)
            ?? throw new InvalidOptionException(key, "is required");

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
                throw new InvalidOptionException(key, $"expected a whole number, got {Describe(key, value)}");
            }

            return number >= min && number <= max
                ? (int)number
                : throw new InvalidOptionException(key, $"{number} is out of range ({min} to {max})");
        }

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
                _ => throw new InvalidOptionException(key, $"expected true or false, got {Describe(key, value)}"),
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
                _ => throw new InvalidOptionException(key, $"'{text}' is not one of trace, debug, info, warning, error"),
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
            _ when key.Contains("password", StringComparison.Ordinal) => $"a {value.ValueKind.ToString().ToLowerInvariant()} value (not shown)",
            JsonValueKind.String => $"'{value.GetString()}'",
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            JsonValueKind.Array => "a list",
            JsonValueKind.Object => "an object",
            _ => value.ValueKind.ToString().ToLowerInvariant(),
        };
    }
}
