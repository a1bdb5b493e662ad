using System.Text.Json;

namespace Telemetry.Sources.Agent;

/// <summary>Reads the agent's <c>/v1/system</c> and <c>/health</c> bodies (thane-data-sources §4, §8); fields not needed are ignored.</summary>
internal static class AgentStatusResponse
{
    /// <summary><c>{"status", "health": {service: {name, ready, last_check?, last_error?}}, "uptime_seconds", "version": {"version", "git_commit", ...}}</c>.</summary>
    /// <param name="now">When the answer came, to turn the uptime into a start time.</param>
    public static AgentStatus ParseSystem(JsonElement root, DateTimeOffset now)
    {
        var status = Status(root);
        var uptime = root.TryGetProperty("uptime_seconds", out var u) && u.ValueKind == JsonValueKind.Number && u.TryGetInt64(out var seconds) && seconds >= 0 ? seconds : (long?)null;
        var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
        return new AgentStatus(
            status,
            Dependencies(root, "health"),
            uptime is { } s ? now - TimeSpan.FromSeconds(s) : null,
            version.ValueKind == JsonValueKind.Object ? Text(version, "version") : null,
            version.ValueKind == JsonValueKind.Object ? Text(version, "git_commit") : null);
    }

    /// <summary><c>{"status", "dependencies"?: {service: {...}}, ...}</c>: health only, no version or uptime.</summary>
    public static AgentStatus ParseHealth(JsonElement root) => new(Status(root), Dependencies(root, "dependencies"), null, null, null);

    private static string Status(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"expected a JSON object, got {root.ValueKind}");
        }

        return Text(root, "status") ?? throw new JsonException("no 'status'");
    }

    private static List<AgentDependency> Dependencies(JsonElement root, string key)
    {
        var dependencies = new List<AgentDependency>();
        if (root.TryGetProperty(key, out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var service in map.EnumerateObject())
            {
                if (service.Value.ValueKind == JsonValueKind.Object)
                {
                    dependencies.Add(new AgentDependency(
                        Text(service.Value, "name") ?? service.Name,
                        service.Value.TryGetProperty("ready", out var ready) && ready.ValueKind == JsonValueKind.True,
                        Text(service.Value, "last_check"),
                        Text(service.Value, "last_error")));
                }
            }
        }

        return [.. dependencies.OrderBy(d => d.Name, StringComparer.Ordinal)];
    }

    private static string? Text(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
