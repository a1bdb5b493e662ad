using System.Globalization;
using System.Text.Json;

namespace Telemetry.Addon.Demo;

/// <summary>The demo agent's <c>GET /v1/system</c> and <c>GET /health</c>: healthy, but its local model server drops out now and then.</summary>
internal sealed class DemoSystem(TimeProvider time)
{
    private readonly DateTimeOffset _started = time.GetUtcNow() - TimeSpan.FromHours(5);

    /// <summary><c>{"status", "health": {...}, "uptime_seconds", "version": {...}}</c>, as the agent's <c>internal/server/api/system.go</c> writes it.</summary>
    public byte[] System() => Serialize(system: true);

    /// <summary><c>{"status", "dependencies": {...}}</c>, as the agent's <c>handleHealth</c> writes it.</summary>
    public byte[] Health() => Serialize(system: false);

    private byte[] Serialize(bool system)
    {
        var now = time.GetUtcNow();
        // For 30 seconds of every two minutes the local model server does not answer: the agent is degraded.
        var ollamaReady = now.Minute % 2 != 0 || now.Second >= 30;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", ollamaReady ? "healthy" : "degraded");
            json.WriteStartObject(system ? "health" : "dependencies");
            Service(json, "homeassistant", ready: true, null, now);
            Service(json, "ollama", ollamaReady, ollamaReady ? null : "dial tcp 127.0.0.1:11434: connect: connection refused", now);
            json.WriteEndObject();
            if (system)
            {
                json.WriteNumber("uptime_seconds", (long)(now - _started).TotalSeconds);
                json.WriteStartObject("version");
                json.WriteString("version", "0.9.2");
                json.WriteString("git_commit", "3229ecc7");
                json.WriteString("git_branch", "main");
                json.WriteString("go_version", "go1.25.1");
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Service(Utf8JsonWriter json, string name, bool ready, string? lastError, DateTimeOffset now)
    {
        json.WriteStartObject(name);
        json.WriteString("name", name);
        json.WriteBoolean("ready", ready);
        json.WriteString("last_check", now.ToString("O", CultureInfo.InvariantCulture));
        if (lastError is not null)
        {
            json.WriteString("last_error", lastError);
        }

        json.WriteEndObject();
    }
}
