using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Telemetry.Testing.Core;

/// <summary>The add-on's leg of the Supervisor's proxy: an aiohttp <c>web.WebSocketResponse(heartbeat=30)</c> (supervisor/api/proxy.py@9ad1c198).</summary>
internal sealed class StubSocket(WebSocket socket, Action<int> measured)
{
    /// <summary>
    /// aiohttp's default <c>max_msg_size</c>, 4 MiB (aiohttp web_ws.py@v3.14.3 5e392ce0; the Supervisor pins aiohttp 3.14.3 and
    /// the proxy passes no size). Core's own server leg has the same default (websocket_api/http.py@acb5ead8 <c>heartbeat=55</c> only).
    /// A message of this many bytes or more is refused: _websocket/reader_py.py@v3.14.3 raises MESSAGE_TOO_BIG when
    /// <c>projected_size >= max_msg_size</c>, and <c>receive</c> then closes with that code, 1009.
    /// </summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    // aiohttp's WebSocketResponse timeout (10 s) for the peer's answer to a close.
    private static readonly TimeSpan CloseBound = TimeSpan.FromSeconds(10);

    /// <summary>The next whole message, or null when the client closed or the message was too big (the socket is then closed).</summary>
    public async Task<StubIncoming?> ReceiveAsync(CancellationToken cancellation)
    {
        using var message = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(chunk.AsMemory(), cancellation);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, cancellation);
                return null;
            }

            message.Write(chunk, 0, received.Count);
            if (message.Length >= MaxMessageBytes)
            {
                measured((int)message.Length);
                await CloseAsync(WebSocketCloseStatus.MessageTooBig, cancellation);
                return null;
            }

            if (received.EndOfMessage)
            {
                measured((int)message.Length);
                return new StubIncoming(received.MessageType, Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
            }
        }
    }

    public Task SendAsync(JsonObject message, CancellationToken cancellation) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancellation);

    /// <summary>Closes as aiohttp's <c>close(code=...)</c> does: the close frame, then the peer's answer awaited (bounded), then the connection dropped.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, CancellationToken cancellation)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bound.CancelAfter(CloseBound);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, null, bound.Token);
            }

            var drain = new byte[64 * 1024];
            while (socket.State == WebSocketState.CloseSent)
            {
                await socket.ReceiveAsync(drain.AsMemory(), bound.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The peer went away or never answered the close: aiohttp drops the connection then too.
        }
        finally
        {
            if (socket.State != WebSocketState.Closed)
            {
                socket.Abort();
            }
        }
    }
}
