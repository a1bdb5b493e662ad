using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Telemetry.History;

/// <summary>Home Assistant Core's websocket API, reached through the Supervisor's proxy with the add-on's token.</summary>
/// <remarks>
/// The proxy (supervisor/api/proxy.py <c>websocket</c> @090ef31) sends <c>auth_required</c>, takes
/// <c>{"type": "auth", "access_token": SUPERVISOR_TOKEN}</c> from an add-on with <c>homeassistant_api: true</c>, and
/// answers <c>auth_ok</c> or <c>auth_invalid</c>, each with Core's <c>ha_version</c>; then it relays messages both ways,
/// and commands run as the Supervisor's own Core user, an admin. A command is <c>{"id", "type", …}</c> with ids that
/// only grow; its answer is <c>{"id", "type": "result", "success", "result" | "error": {"code", "message"}}</c>
/// (homeassistant/components/websocket_api/messages.py). One connection serves one import pass and is closed.
/// </remarks>
internal sealed class CoreSocket : IAsyncDisposable
{
    /// <summary>aiohttp's default largest message, on both legs of the proxy: nothing sent may be larger.</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    private readonly ClientWebSocket _socket;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private int _nextId = 1;

    private readonly TimeSpan _callTimeout;
    private readonly TimeProvider _timeProvider;

    private CoreSocket(ClientWebSocket socket, TimeSpan callTimeout, TimeProvider timeProvider)
    {
        _socket = socket;
        _callTimeout = callTimeout;
        _timeProvider = timeProvider;
    }

    /// <summary>Core's version, from <c>auth_ok</c>.</summary>
    public string Version { get; private set; } = "";

    /// <summary>Connects and authenticates; a refusal or a socket that fails is a <see cref="HistoryImportException"/>.</summary>
    /// <param name="callTimeout">For the connection and its authentication, and for each command's answer.</param>
    public static async Task<CoreSocket> ConnectAsync(Uri url, string token, TimeSpan callTimeout, TimeProvider timeProvider, CancellationToken stoppingToken)
    {
        var socket = new ClientWebSocket();
        using var limit = new TimeLimit(callTimeout, timeProvider, stoppingToken);
        var cancellationToken = limit.Token;
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
            var core = new CoreSocket(socket, callTimeout, timeProvider);
            using (var required = await core.ReceiveAsync(cancellationToken))
            {
                Expect(required, "auth_required");
            }

            await core.SendAsync(json =>
            {
                json.WriteString("type", "auth");
                json.WriteString("access_token", token);
            }, cancellationToken);
            using var answer = await core.ReceiveAsync(cancellationToken);
            if (Type(answer) == "auth_invalid")
            {
                throw new HistoryImportException("Home Assistant refused the add-on's token (auth_invalid): is homeassistant_api: true in its config.yaml?");
            }

            Expect(answer, "auth_ok");
            core.Version = answer.RootElement.TryGetProperty("ha_version", out var version) ? version.GetString() ?? "" : "";
            return core;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command and returns its result; a refusal is a <see cref="HistoryImportException"/> with Core's code.</summary>
    public async Task<JsonElement> CallAsync(string type, Action<Utf8JsonWriter> body, CancellationToken stoppingToken)
    {
        using var limit = new TimeLimit(_callTimeout, _timeProvider, stoppingToken);
        var cancellationToken = limit.Token;
        var id = _nextId++;
        await SendAsync(json =>
        {
            json.WriteNumber("id", id);
            json.WriteString("type", type);
            body(json);
        }, cancellationToken);
        while (true)
        {
            using var message = await ReceiveAsync(cancellationToken);
            var root = message.RootElement;
            if (Type(message) != "result" || !root.TryGetProperty("id", out var answered) || answered.GetInt32() != id)
            {
                continue;
            }

            if (root.TryGetProperty("success", out var success) && success.GetBoolean())
            {
                return root.TryGetProperty("result", out var result) ? result.Clone() : default;
            }

            var error = root.TryGetProperty("error", out var e) ? e : default;
            var code = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) ? c.GetString() : null;
            var text = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString() : null;
            throw new HistoryImportException($"Home Assistant refused {type}: {code ?? "error"}: {text}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, limit.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Closing is a courtesy: the connection goes either way.
        }

        _socket.Dispose();
    }

    private async Task SendAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        await using (var json = new Utf8JsonWriter(_buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        if (_buffer.WrittenCount > MaxMessageBytes)
        {
            throw new InvalidOperationException($"A message of {_buffer.WrittenCount} bytes is larger than Home Assistant accepts.");
        }

        await _socket.SendAsync(_buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    private async Task<JsonDocument> ReceiveAsync(CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.GetMemory(16 * 1024), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new HistoryImportException($"Home Assistant closed the connection ({_socket.CloseStatus} {_socket.CloseStatusDescription})".TrimEnd());
            }

            _buffer.Advance(result.Count);
            if (_buffer.WrittenCount > MaxMessageBytes)
            {
                throw new HistoryImportException($"Home Assistant sent a message of more than {MaxMessageBytes} bytes");
            }

            if (result.EndOfMessage)
            {
                // Copied: the buffer is reused for the next message while this one may still be read.
                return JsonDocument.Parse(_buffer.WrittenMemory.ToArray());
            }
        }
    }

    private static string? Type(JsonDocument message) =>
        message.RootElement.ValueKind == JsonValueKind.Object && message.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;

    private static void Expect(JsonDocument message, string type)
    {
        if (Type(message) != type)
        {
            throw new HistoryImportException($"Home Assistant answered '{Type(message)}' where '{type}' was expected");
        }
    }
}
