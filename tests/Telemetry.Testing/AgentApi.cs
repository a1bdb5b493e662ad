using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Telemetry.Testing;

/// <summary>The agent's HTTP API as the agent answers it (thane-data-sources §4, §8), served by an <see cref="HttpStub"/>.</summary>
internal static class AgentApi
{
    /// <summary>A healthy agent's <c>GET /v1/system</c>: version 0.9.2, up 5 hours, two services ready.</summary>
    public static readonly string HealthySystem = System("healthy", uptimeSeconds: 5 * 3600, ("homeassistant", true, null), ("ollama", true, null));

    /// <summary>Serves <c>/v1/loops</c> (a bare array sorted by name, <c>parent_id</c> absent on roots) and <paramref name="system"/> at <c>/v1/system</c>.</summary>
    /// <param name="system">The <c>/v1/system</c> body; null for an older agent without it (404, and 404 at <c>/health</c> too).</param>
    public static void Serve(HttpStub stub, string? system, params (string Id, string Name, string? ParentId, string State, int Iterations)[] loops)
    {
        var loopsJson = Loops(loops);
        stub.Handler = context => context.Request.Path.Value switch
        {
            "/v1/loops" => JsonAsync(context, loopsJson),
            "/v1/system" when system is not null => JsonAsync(context, system),
            _ => NotFoundAsync(context),
        };
    }

    /// <summary>As <see cref="Serve(HttpStub, string?, ValueTuple{string, string, string?, string, int}[])"/> with a healthy <c>/v1/system</c>.</summary>
    public static void Serve(HttpStub stub, params (string Id, string Name, string? ParentId, string State, int Iterations)[] loops) =>
        Serve(stub, HealthySystem, loops);

    /// <summary>A <c>GET /v1/system</c> body: <c>status</c>, the <c>health</c> map, <c>uptime_seconds</c>, and <c>version</c> as an object.</summary>
    public static string System(string status, long uptimeSeconds, params (string Name, bool Ready, string? LastError)[] services)
    {
        var health = new JsonObject();
        foreach (var (name, ready, lastError) in services)
        {
            var service = new JsonObject { ["name"] = name, ["ready"] = ready, ["last_check"] = "2026-11-24T11:59:30Z" };
            if (lastError is not null)
            {
                service["last_error"] = lastError;
            }

            health[name] = service;
        }

        return new JsonObject
        {
            ["status"] = status,
            ["health"] = health,
            ["uptime_seconds"] = uptimeSeconds,
            ["version"] = new JsonObject { ["version"] = "0.9.2", ["git_commit"] = "3229ecc7", ["git_branch"] = "main", ["go_version"] = "go1.25.1", ["uptime"] = $"{uptimeSeconds}s" },
        }.ToJsonString();
    }

    /// <summary>A <c>GET /v1/loops</c> body: a bare array sorted by name.</summary>
    public static string Loops(params (string Id, string Name, string? ParentId, string State, int Iterations)[] loops)
    {
        var array = new JsonArray();
        foreach (var loop in loops.OrderBy(l => l.Name, StringComparer.Ordinal))
        {
            var item = new JsonObject
            {
                ["id"] = loop.Id,
                ["name"] = loop.Name,
                ["state"] = loop.State,
                ["started_at"] = "2026-11-24T08:00:00.123456789+01:00",
                ["last_wake_at"] = "0001-01-01T00:00:00Z",
                ["iterations"] = loop.Iterations,
                ["attempts"] = loop.Iterations,
                ["total_input_tokens"] = 0,
                ["total_output_tokens"] = 0,
                ["consecutive_errors"] = 0,
            };
            if (loop.ParentId is not null)
            {
                item["parent_id"] = loop.ParentId;
            }

            array.Add(item);
        }

        return array.ToJsonString();
    }

    private static async Task JsonAsync(HttpContext context, string json)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    private static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
