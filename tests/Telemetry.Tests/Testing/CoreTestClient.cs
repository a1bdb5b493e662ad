using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Telemetry.Tests.Testing;

/// <summary>A bare websocket client of the Core stub, as the add-on's would be: every wait bounded, no sleeps.</summary>
internal sealed class CoreTestClient : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket = new();
    private long _nextId;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<CoreTestClient> ConnectAsync(Uri url)
    {
        var client = new CoreTestClient();
        using var bound = new CancellationTokenSource(Bound);
        await client._socket.ConnectAsync(url, bound.Token);
        return client;
    }

    /// <summary>Connects and goes through the auth phase with <paramref name="token"/>, returning the proxy's answer to it.</summary>
    public static async Task<(CoreTestClient Client, JsonObject Answer)> AuthenticateAsync(Uri url, string token)
    {
        var client = await ConnectAsync(url);
        await client.ReceiveAsync();
        await client.SendAsync(new JsonObject { ["type"] = "auth", ["access_token"] = token });
        return (client, (await client.ReceiveAsync())!);
    }

    /// <summary>Sends <paramref name="command"/> with the next id and returns Core's result message for it.</summary>
    public async Task<JsonObject> CommandAsync(JsonObject command)
    {
        command["id"] = ++_nextId;
        await SendAsync(command);
        return await ReceiveAsync() ?? throw new InvalidOperationException("the socket closed instead of answering");
    }

    public async Task SendAsync(JsonObject message) => await SendTextAsync(message.ToJsonString());

    public async Task SendTextAsync(string text)
    {
        using var bound = new CancellationTokenSource(Bound);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, bound.Token);
    }

    /// <summary>The next message, or null when the server closed the socket (its status is then in <see cref="CloseStatus"/>).</summary>
    public async Task<JsonObject?> ReceiveAsync()
    {
        using var bound = new CancellationTokenSource(Bound);
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var received = await _socket.ReceiveAsync(buffer.AsMemory(), bound.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, bound.Token);
                return null;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray())!.AsObject();
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
