using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Telemetry.Testing;

/// <summary>A real HTTP server on 127.0.0.1 and a free port, standing in for an API that cannot run here (the Supervisor's, the agent's).</summary>
/// <remarks>Each test sets <see cref="Handler"/> to answer as the documented contract says.</remarks>
internal sealed class HttpStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<HttpRequestRecord> _requests = [];

    private HttpStub(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>Answers every request; the default answers 404.</summary>
    public Func<HttpContext, Task> Handler { get; set; } = context =>
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    };

    public IReadOnlyList<HttpRequestRecord> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<HttpStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        HttpStub? stub = null;
        app.Run(async context =>
        {
            lock (stub!._requests)
            {
                stub._requests.Add(new HttpRequestRecord(context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString()));
            }

            await stub.Handler(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new HttpStub(app, new Uri(address.TrimEnd('/') + "/"));
        return stub;
    }

    /// <summary>Answers with a status and a JSON body.</summary>
    public void RespondJson(int status, string json) => Handler = async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record HttpRequestRecord(string Method, string PathAndQuery, string Authorization);
