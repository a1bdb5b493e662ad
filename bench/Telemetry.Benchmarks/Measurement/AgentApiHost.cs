using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telemetry.AgentSimulator;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>
/// The agent's HTTP API on 127.0.0.1 for the whole-process benchmark over the API (<c>process --api</c>): usage from the
/// generated agent's <c>usage_records</c> by the agent's own handler and SQL (<see cref="AgentUsageApi"/>, clock real),
/// and fixed bodies in the agent's shapes for loops, system and health (three loops, both dependencies ready).
/// </summary>
internal sealed class AgentApiHost : IAsyncDisposable
{
    private static readonly byte[] Loops = Encoding.UTF8.GetBytes("""
        [{"id":"l-1","name":"heartbeat","state":"sleeping","started_at":"2026-12-01T00:00:00Z","last_wake_at":"2026-12-07T00:00:00Z","iterations":4200,"attempts":4200,"total_input_tokens":37800000,"total_output_tokens":2940000},
         {"id":"l-2","name":"inbox","state":"processing","started_at":"2026-12-01T00:00:00Z","last_wake_at":"2026-12-07T00:00:00Z","iterations":910,"attempts":915,"total_input_tokens":8190000,"total_output_tokens":637000},
         {"id":"l-3","name":"watch","state":"waiting","started_at":"2026-12-01T00:00:00Z","last_wake_at":"2026-12-07T00:00:00Z","iterations":77,"attempts":77,"total_input_tokens":693000,"total_output_tokens":53900}]
        """);

    private static readonly byte[] Health = Encoding.UTF8.GetBytes("""
        {"status":"healthy","dependencies":{"homeassistant":{"name":"homeassistant","ready":true,"last_check":"2026-12-07T00:00:00Z"},"ollama":{"name":"ollama","ready":true,"last_check":"2026-12-07T00:00:00Z"}}}
        """);

    private static readonly byte[] SystemStatus = Encoding.UTF8.GetBytes("""
        {"status":"healthy","health":{"homeassistant":{"name":"homeassistant","ready":true,"last_check":"2026-12-07T00:00:00Z"},"ollama":{"name":"ollama","ready":true,"last_check":"2026-12-07T00:00:00Z"}},"uptime_seconds":18000,"version":{"version":"0.9.2","git_commit":"3229ecc7","git_branch":"main","go_version":"go1.25.1"}}
        """);

    private WebApplication? _app;

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Requests answered so far.</summary>
    public long Requests { get; private set; }

    public static async Task<AgentApiHost> StartAsync(AgentLayout layout)
    {
        var host = new AgentApiHost();
        var usage = new AgentUsageApi(layout.MainDb, TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            host.Requests++;
            var (status, body) = context.Request.Path.Value switch
            {
                "/v1/telemetry/usage" => Usage(usage, context.Request.Query),
                "/v1/loops" => (200, Loops),
                "/v1/system" => (200, SystemStatus),
                "/health" => (200, Health),
                _ => (404, "{}"u8.ToArray()),
            };
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body);
        });
        await app.StartAsync();
        host._app = app;
        host.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static (int, byte[]) Usage(AgentUsageApi usage, IQueryCollection query)
    {
        lock (usage)
        {
            var (status, json) = usage.Answer(query["hours"], query["group_by"]);
            return (status, Encoding.UTF8.GetBytes(json));
        }
    }
}
