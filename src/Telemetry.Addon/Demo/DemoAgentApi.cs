using System.Net;
using System.Net.Http.Headers;

namespace Telemetry.Addon.Demo;

/// <summary>The demo agent's HTTP API, answered from inside the process (no port is opened): loops, system status and health.</summary>
internal sealed class DemoAgentApi(DemoLoops loops, DemoSystem system) : HttpMessageHandler
{
    public static readonly Uri BaseUrl = new("http://thane-demo.invalid:8080/");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
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

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    }
}
