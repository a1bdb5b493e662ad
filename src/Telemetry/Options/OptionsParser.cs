using System.Text.Json;
using System.Text.RegularExpressions;

namespace Telemetry.Options;

/// <summary>Turns the Supervisor's <c>options.json</c> into <see cref="TelemetryOptions"/>, or names the bad option.</summary>
/// <remarks>
/// Keys missing from the file take the defaults of <c>config.yaml</c>. Checks that need the file system
/// (which way the agent is read) are in <see cref="Validate"/>, so the manifest's own defaults can be parsed anywhere.
/// </remarks>
internal static partial class OptionsParser
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(3600);

    /// <summary>Parses options JSON; throws <see cref="InvalidOptionException"/> naming the first bad option.</summary>
    /// <param name="source">Where the JSON came from (the options file), named when it is not a JSON object.</param>
    public static TelemetryOptions Parse(string json, string source = "the options")
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw InvalidOptionException.ForFile(source, "is empty (expected a JSON object of option keys)");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            // Both are counted from 0; an editor counts from 1.
            throw InvalidOptionException.ForFile(source, $"is not valid JSON (line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw InvalidOptionException.ForFile(source, $"must be a JSON object of option keys, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            }

            var values = new OptionValues(document.RootElement);
            var mqttHost = values.OptionalString("mqtt_host");
            // Checked even without mqtt_host, so a bad value in a hand-written file is not silently ignored.
            var broker = ParseBroker(values, mqttHost ?? "");
            return new TelemetryOptions
            {
                ThaneDir = values.OptionalString("thane_dir"),
                MainDb = values.OptionalString("main_db"),
                LogsDb = values.OptionalString("logs_db"),
                AttachmentsDb = values.OptionalString("attachments_db"),
                UsageDb = values.OptionalString("usage_db"),
                AgentUrl = AsFolder(values.OptionalHttpUrl("agent_url")),
                AgentToken = values.OptionalString("agent_token", trim: false),
                DeviceName = values.Matching("device_name", DeviceNamePattern(), "use 1 to 64 letters, digits, '_' or '-'"),
                DiscoveryPrefix = values.Matching("discovery_prefix", DiscoveryPrefixPattern(), "use letters, digits, '_' or '-', with '/' between segments"),
                Interval = TimeSpan.FromSeconds(values.Integer("interval", (int)MinInterval.TotalSeconds, (int)MaxInterval.TotalSeconds)),
                LogLevel = values.LogLevel("log_level"),
                HistoryImport = values.Bool("history_import"),
                HistoryRebuild = values.Bool("history_rebuild"),
                Broker = mqttHost is null ? null : broker,
            };
        }
    }

    /// <summary>The checks that look at the machine: the broker's certificate authority, and which way the agent is read (<see cref="AgentAccess"/>).</summary>
    public static AgentAccess Validate(TelemetryOptions options)
    {
        if (options.Broker is { CaFile: { } caFile } broker)
        {
            _ = broker.UseTls ? BrokerCertificates.Load(caFile) : throw InvalidOptionException.ForOption("mqtt_ca", "applies only with mqtt_tls: true");
        }

        return AgentAccess.Decide(options, Directory.Exists);
    }

    /// <summary>The URL as a folder, so the API's paths resolve below it (an agent behind a proxy at <c>https://host/thane</c>).</summary>
    private static Uri? AsFolder(Uri? url) =>
        url is null || url.AbsolutePath.EndsWith('/') ? url : new UriBuilder(url) { Path = url.AbsolutePath + "/" }.Uri;

    private static BrokerOptions ParseBroker(OptionValues values, string host)
    {
        var useTls = values.OptionalBool("mqtt_tls") ?? false;
        var port = values.OptionalInteger("mqtt_port", 1, 65535) ?? BrokerOptions.DefaultPort(useTls);
        var ca = values.OptionalString("mqtt_ca");
        // A bare file name is one in Home Assistant's ssl folder, which the add-on maps read-only at /ssl.
        var caFile = ca is null ? null : Path.IsPathRooted(ca) ? ca : Path.Combine("/ssl", ca);
        return new BrokerOptions(host, port, values.OptionalString("mqtt_username"), values.OptionalString("mqtt_password", trim: false), useTls, caFile);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex DeviceNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")]
    private static partial Regex DiscoveryPrefixPattern();
}
