using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Telemetry.Testing.Core;

/// <summary>
/// The Supervisor's websocket proxy to Core (<c>ws://supervisor/core/websocket</c>) and Core's recorder statistics commands, on a
/// real loopback port: the proxy's auth phase and 4 MiB limit, Core's message rules, and Core's own validation of
/// <c>recorder/import_statistics</c> for the configured <see cref="HaVersion"/>.
/// </summary>
/// <remarks>
/// Sources, each cited where it is copied: home-assistant/supervisor supervisor/api/proxy.py@9ad1c198; home-assistant/core
/// homeassistant/components/recorder/websocket_api.py (dfbe53eb, and the 2026 text), recorder/statistics.py@0055cc7e,
/// websocket_api/connection.py@55ec0e99, messages.py@2b9c97b9, const.py@d885c06e, decorators.py@5c16a815; aiohttp v3.14.3.
/// Core queues an import and answers before the recorder writes it; the stub writes first, so a read after the answer sees it.
/// The research behind it, with what could not be verified: docs/core-statistics-contract.md.
/// </remarks>
internal sealed class CoreStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<JsonObject> _imports = Channel.CreateUnbounded<JsonObject>();
    private readonly List<string> _commands = [];
    private int _connections;
    private int _largestMessageBytes;
    private int _deprecationWarnings;

    private CoreStub(WebApplication app, string haVersion, string token)
    {
        _app = app;
        HaVersion = haVersion;
        Token = token;
    }

    /// <summary><c>ws://127.0.0.1:PORT/core/websocket</c>, the proxy's path (supervisor/api/__init__.py also serves <c>/core/api/websocket</c>).</summary>
    public Uri WebSocketUrl { get; private set; } = null!;

    /// <summary>The add-on's <c>SUPERVISOR_TOKEN</c>, the one token the proxy accepts.</summary>
    public string Token { get; }

    /// <summary>The Core release the proxy reports in <c>auth_required</c>/<c>auth_ok</c>, and whose import schema applies (see <see cref="CoreVersion"/>).</summary>
    public string HaVersion { get; set; }

    public StubFault Fault { get; set; }

    /// <summary>
    /// The code Core answers a <c>HomeAssistantError</c> raised by the recorder with ("Invalid statistic_id", "Invalid source",
    /// "Invalid timestamp..."). Core at 55ec0e99 sent <c>unknown_error</c> with the error's text; later Cores send
    /// <c>home_assistant_error</c> (not verified in a source read; see docs/core-statistics-contract.md).
    /// </summary>
    public string HomeAssistantErrorCode { get; set; } = CoreErrorCodes.HomeAssistantError;

    /// <summary>The statistics' metadata, as the recorder holds it after the queued imports ran.</summary>
    public IReadOnlyDictionary<string, StubStatisticMetadata> Metadata => Store.Metadata;

    /// <summary>Every command <c>type</c> received after authentication, in order.</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>Websocket connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The largest message received, in bytes (a refused one counts with the bytes read when it was refused).</summary>
    public int LargestMessageBytes => Volatile.Read(ref _largestMessageBytes);

    /// <summary>
    /// The warnings Core would have logged: one for each of <c>mean_type</c> and <c>unit_class</c> an accepted import leaves out, from
    /// <see cref="CoreVersion.MeanTypeAccepted"/> until <see cref="CoreVersion.MeanTypeRequired"/> ("this is deprecated and will stop
    /// working in HA Core 2026.11").
    /// </summary>
    public int DeprecationWarnings => Volatile.Read(ref _deprecationWarnings);

    internal RecorderStore Store { get; } = new();

    public static async Task<CoreStub> StartAsync(string haVersion = "2026.12.0", string token = "supervisor-token")
    {
        CoreVersion.Parse(haVersion);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new CoreStub(app, haVersion, token);

        // proxy.py@9ad1c198: web.WebSocketResponse(heartbeat=30).
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map("/core/websocket", stub.AcceptAsync);
        app.Map("/core/api/websocket", stub.AcceptAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.WebSocketUrl = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/core/websocket");
        return stub;
    }

    /// <summary>A statistic's hourly rows, ordered by start.</summary>
    public IReadOnlyList<StubStatisticRow> Rows(string statisticId) => Store.Rows(statisticId);

    /// <summary>The next <c>recorder/import_statistics</c> message the recorder applied (in order, each once).</summary>
    /// <exception cref="TimeoutException">None was applied within <paramref name="bound"/>.</exception>
    public async Task<JsonObject> NextImportAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            return await _imports.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"no import was applied within {bound}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    internal void Received(string type)
    {
        lock (_commands)
        {
            _commands.Add(type);
        }
    }

    internal void Imported(JsonObject message, StatisticsImport import)
    {
        Store.Apply(import);
        Interlocked.Add(ref _deprecationWarnings, import.DeprecationWarnings);
        _imports.Writer.TryWrite(message.DeepClone().AsObject());
    }

    private void Measured(int bytes)
    {
        var seen = Volatile.Read(ref _largestMessageBytes);
        while (bytes > seen && Interlocked.CompareExchange(ref _largestMessageBytes, bytes, seen) != seen)
        {
            seen = Volatile.Read(ref _largestMessageBytes);
        }
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        Interlocked.Increment(ref _connections);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        try
        {
            await new CoreSession(this, new StubSocket(socket, Measured)).RunAsync(stopping.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.WebSockets.WebSocketException)
        {
            // The stub is stopping, or the client dropped the connection.
        }
    }
}
