using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Telemetry.AgentSimulator;

namespace Telemetry.Addon.Demo;

/// <summary>The demo agent's HTTP API, answered from inside the process (no port is opened): loops, system status, health and usage.</summary>
internal sealed class DemoAgentApi(DemoLoops loops, DemoSystem system, AgentUsageApi usage) : HttpMessageHandler
{
    public static readonly Uri BaseUrl = new("http://thane-demo.invalid:8080/");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri?.AbsolutePath == "/v1/telemetry/usage")
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
            var (status, json) = usage.Answer(query["hours"], query["group_by"]);
            return Task.FromResult(Json((HttpStatusCode)status, Encoding.UTF8.GetBytes(json)));
        }

        byte[]? body = request.RequestUri?.AbsolutePath switch
        {
            "/v1/loops" => loops.Serialize(),
            "/v1/system" => system.System(),
            "/health" => system.Health(),
            _ => null,
        };
        if (body is null)
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        }

        return Task.FromResult(Json(HttpStatusCode.OK, body));
    }

    private static HttpResponseMessage Json(HttpStatusCode status, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(status) { Content = content };
    }
}
