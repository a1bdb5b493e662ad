using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telemetry.History;

namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>
/// As little of Home Assistant Core's websocket API as the import needs, on 127.0.0.1: the proxy's authentication
/// handshake, then a success for every command, <c>{}</c> (nothing held) for <c>statistics_during_period</c> and null
/// for the rest. Nothing is validated or kept, so that the stand-in costs next to nothing; it only counts what it gets.
/// </summary>
/// <remarks>
/// Each connection names its pass in the query (<c>?pass=first</c>) and is counted under that name; a pass named
/// <see cref="HoldsAllPrefix"/>… is told that every statistic is held up to the end of what it asks, as after a restart.
/// </remarks>
internal sealed class CoreEndpoint : IAsyncDisposable
{
    public const string Version = "2026.12.0";

    private static readonly byte[] AuthRequired = Encoding.UTF8.GetBytes($$"""{"type":"auth_required","ha_version":"{{Version}}"}""");
    private static readonly byte[] AuthOk = Encoding.UTF8.GetBytes($$"""{"type":"auth_ok","ha_version":"{{Version}}"}""");

    private readonly ConcurrentDictionary<string, SocketTally> _tallies = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public Uri Url { get; private set; } = new("ws://127.0.0.1/");

    public static async Task<CoreEndpoint> StartAsync()
    {
        var endpoint = new CoreEndpoint();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(endpoint.ServeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint._app = app;
        endpoint.Url = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/core/websocket");
        return endpoint;
    }

    /// <summary>A pass whose name starts so finds Home Assistant holding every statistic it asks for up to the end of its period.</summary>
    public const string HoldsAllPrefix = "restart";

    /// <summary>The URL a pass connects to, counted under <paramref name="pass"/>.</summary>
    public static Uri ForPass(Uri url, string pass) => new($"{url}?pass={Uri.EscapeDataString(pass)}");

    /// <summary>What the connections of <paramref name="pass"/> sent; empty when there were none.</summary>
    public SocketTally Tally(string pass) => _tallies.GetOrAdd(pass, _ => new SocketTally());

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var pass = context.Request.Query["pass"].ToString();
        var tally = Tally(pass);
        var holdsAll = pass.StartsWith(HoldsAllPrefix, StringComparison.Ordinal);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var cancellationToken = context.RequestAborted;
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            await socket.SendAsync(AuthRequired, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer.GetMemory(64 * 1024), cancellationToken);
                    buffer.Advance(received.Count);
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                    return;
                }

                var (id, type) = Head(buffer.WrittenSpan);
                tally.Add(type, buffer.WrittenCount);
                var result = type != StatisticsCommands.DuringPeriod ? "null" : holdsAll ? HeldThrough(buffer.WrittenSpan) : "{}";
                var answer = type == "auth" ? AuthOk : Encoding.UTF8.GetBytes($$"""{"id":{{id}},"type":"result","success":true,"result":{{result}}}""");
                await socket.SendAsync(answer, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The importer went away without a closing handshake: its pass is over either way.
        }
    }

    /// <summary>A <c>statistics_during_period</c> answer holding, for every id asked, the period's last hour: an import already done.</summary>
    private static string HeldThrough(ReadOnlySpan<byte> message)
    {
        using var request = JsonDocument.Parse(message.ToArray());
        var last = DateTimeOffset.Parse(request.RootElement.GetProperty("end_time").GetString()!, CultureInfo.InvariantCulture).AddHours(-1);
        var ids = request.RootElement.GetProperty("statistic_ids").EnumerateArray().Select(id => id.GetString());
        var row = $$""":[{"start":{{last.ToUnixTimeMilliseconds()}},"sum":0}]""";
        return "{" + string.Join(',', ids.Select(id => JsonSerializer.Serialize(id, BenchJsonContext.Default.String) + row)) + "}";
    }

    /// <summary>The message's top-level <c>id</c> and <c>type</c>, read without building a document (an import message is 60 KB).</summary>
    private static (long Id, string Type) Head(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
        long id = 0;
        string? type = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && (type is null || id == 0))
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "id": id = reader.GetInt64(); break;
                case "type": type = reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }

        return (id, type ?? "");
    }
}
