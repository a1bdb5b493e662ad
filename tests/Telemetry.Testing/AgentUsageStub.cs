using Microsoft.AspNetCore.Http;
using Telemetry.AgentSimulator;

namespace Telemetry.Testing;

/// <summary>The agent's <c>/v1/telemetry/usage</c> on a real loopback port, over a real <c>usage_records</c> file, with the agent's SQL and window rules (<see cref="AgentUsageApi"/>).</summary>
/// <remarks>Loops and status are answered as a healthy agent's; <see cref="Failure"/> makes the usage endpoint fail the way an agent can.</remarks>
internal sealed class AgentUsageStub : IAsyncDisposable
{
    private readonly HttpStub _stub;
    private readonly AgentUsageApi _usage;

    private AgentUsageStub(HttpStub stub, AgentUsageApi usage)
    {
        _stub = stub;
        _usage = usage;
        _stub.Handler = HandleAsync;
    }

    /// <summary>How the usage endpoint fails, or <see cref="UsageFailure.None"/>.</summary>
    public UsageFailure Failure { get; set; }

    public Uri BaseUrl => _stub.BaseUrl;

    /// <summary>The <c>/v1/loops</c> body (<see cref="AgentApi.Loops"/>); no loop by default.</summary>
    public string LoopsJson { get; set; } = "[]";

    /// <summary>Every usage request, with its query, in order.</summary>
    public IReadOnlyList<string> UsageRequests => [.. _stub.Requests.Where(r => r.PathAndQuery.StartsWith("/v1/telemetry/usage", StringComparison.Ordinal)).Select(r => r.PathAndQuery)];

    public IReadOnlyList<HttpRequestRecord> Requests => _stub.Requests;

    /// <param name="agentClock">The agent's clock, which may stand apart from the add-on's.</param>
    public static async Task<AgentUsageStub> StartAsync(string mainDb, TimeProvider agentClock) =>
        new(await HttpStub.StartAsync(), new AgentUsageApi(mainDb, agentClock));

    public ValueTask DisposeAsync() => _stub.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        switch (context.Request.Path.Value)
        {
            case "/v1/telemetry/usage":
                await UsageAsync(context);
                break;
            case "/v1/loops":
                await WriteAsync(context, 200, LoopsJson);
                break;
            case "/v1/system":
                await WriteAsync(context, 200, AgentApi.HealthySystem);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private async Task UsageAsync(HttpContext context)
    {
        switch (Failure)
        {
            case UsageFailure.Down:
                context.Abort();
                return;
            case UsageFailure.ServerError:
                await WriteAsync(context, 500, """{"error":{"message":"usage summary query failed","type":"invalid_request_error","code":500}}""");
                return;
            case UsageFailure.Malformed:
                await WriteAsync(context, 200, """{"start":"2026-11-24T12:00:00Z","end":"yesterday","summary":[]}""");
                return;
            case UsageFailure.Oversized:
                await WriteAsync(context, 200, "[" + string.Join(",", Enumerable.Repeat("0", 5_000_000)) + "]");
                return;
            case UsageFailure.NotFound:
                await WriteAsync(context, 404, "404 page not found");
                return;
        }

        var (status, body) = _usage.Answer(context.Request.Query["hours"].FirstOrDefault(), context.Request.Query["group_by"].FirstOrDefault());
        await WriteAsync(context, status, body);
    }

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }
}
