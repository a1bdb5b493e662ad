using System.Text.Json.Nodes;

namespace Telemetry.Testing;

/// <summary>The agent's own MQTT discovery, as its publisher sends it (thane-data-sources §5, §3.1): one retained device payload.</summary>
internal static class AgentDiscovery
{
    /// <summary>The agent package's 20 static telemetry suffixes (thane-data-sources §6, publisher_test.go).</summary>
    public static readonly IReadOnlyList<string> TelemetrySuffixes =
    [
        "db_main_size", "db_logs_size", "db_usage_size", "db_attachments_size",
        "tokens_24h_input", "tokens_24h_output", "tokens_24h_cost",
        "active_sessions", "context_utilization",
        "requests_24h", "errors_24h", "request_latency_p50", "request_latency_p95",
        "loops_active", "loops_sleeping", "loops_errored", "loops_total",
        "attachments_total", "attachments_total_bytes", "attachments_unique_files",
    ];

    /// <summary>The MQTT publisher's own five sensors, always in the payload.</summary>
    private static readonly string[] BaseSuffixes = ["uptime", "version", "tokens_today", "last_request", "default_model"];

    /// <summary>The agent's topic: <c>&lt;prefix&gt;/device/&lt;its device_name&gt;/config</c>.</summary>
    public static string Topic(string deviceName, string prefix = "homeassistant") => $"{prefix}/device/{deviceName}/config";

    /// <summary>The device payload, with its telemetry components when <c>mqtt.telemetry.enabled</c> is true.</summary>
    public static string Payload(string instanceId, string deviceName, bool withTelemetry)
    {
        var components = new JsonObject();
        foreach (var suffix in BaseSuffixes.Concat(withTelemetry ? TelemetrySuffixes : []))
        {
            components[suffix] = new JsonObject
            {
                ["platform"] = "sensor",
                ["name"] = suffix,
                ["object_id"] = $"{deviceName.Replace('-', '_')}_{suffix}",
                ["has_entity_name"] = true,
                ["unique_id"] = $"{instanceId}_{suffix}",
                ["state_topic"] = $"thane/{deviceName}/{suffix}/state",
            };
        }

        return new JsonObject
        {
            ["device"] = new JsonObject
            {
                ["identifiers"] = new JsonArray(instanceId), ["name"] = deviceName, ["manufacturer"] = "Hollow Oak",
                ["model"] = "Thane AI Agent", ["sw_version"] = "0.9.0", ["serial_number"] = instanceId,
            },
            ["origin"] = new JsonObject { ["name"] = "Thane AI Agent", ["sw_version"] = "0.9.0", ["support_url"] = "https://github.com/nugget/thane-ai-agent" },
            ["availability"] = new JsonArray(new JsonObject { ["topic"] = $"thane/{deviceName}/availability" }),
            ["components"] = components,
        }.ToJsonString();
    }
}
