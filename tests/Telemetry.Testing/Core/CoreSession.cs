using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Telemetry.Testing.Core;

/// <summary>
/// One add-on connection: the Supervisor proxy's auth phase, then Core's command phase with Core's message rules.
/// </summary>
internal sealed class CoreSession(CoreStub stub, StubSocket socket)
{
    // proxy.py@9ad1c198: "wait up to 10s just like _async_handle_auth_phase in Core".
    private static readonly TimeSpan AuthBound = TimeSpan.FromSeconds(10);
    private readonly RecorderCommands _commands = new(stub);
    private long _lastId;

    public async Task RunAsync(CancellationToken stopping)
    {
        await socket.SendAsync(new JsonObject { ["type"] = "auth_required", ["ha_version"] = stub.HaVersion }, stopping);
        if (!await AuthenticateAsync(stopping))
        {
            return;
        }

        while (await socket.ReceiveAsync(stopping) is { } incoming)
        {
            if (incoming.Type != WebSocketMessageType.Text)
            {
                // Core hands a binary message to a binary handler the connection registered; the stub registers none.
                continue;
            }

            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(incoming.Text);
            }
            catch (JsonException)
            {
                // websocket_api/http.py@acb5ead8: "Received invalid JSON." ends the connection.
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, stopping);
                return;
            }

            // http.py@acb5ead8: a JSON list is a batch, each item handled in turn.
            foreach (var message in parsed is JsonArray batch ? [.. batch] : new[] { parsed })
            {
                if (!await HandleAsync(message, stopping))
                {
                    return;
                }
            }
        }
    }

    // supervisor/api/proxy.py@9ad1c198 websocket(): the token is read from api_password or access_token (the message's type is not
    // checked), matched against the add-ons' tokens; a wrong one gets auth_invalid and the response is returned, which closes it.
    private async Task<bool> AuthenticateAsync(CancellationToken stopping)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        bound.CancelAfter(AuthBound);
        StubIncoming? incoming;
        try
        {
            incoming = await socket.ReceiveAsync(bound.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            incoming = null;
        }

        JsonObject? auth = null;
        try
        {
            auth = incoming?.Type == WebSocketMessageType.Text ? JsonNode.Parse(incoming.Text) as JsonObject : null;
        }
        catch (JsonException)
        {
            // receive_json's ValueError: the proxy logs "Can't initialize handshake" and closes.
        }

        if (auth is null)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, stopping);
            return false;
        }

        var token = Truthy(auth["api_password"]) ?? Truthy(auth["access_token"]);
        if (stub.Fault == StubFault.RefuseAuth || token != stub.Token)
        {
            await socket.SendAsync(new JsonObject { ["type"] = "auth_invalid", ["message"] = "Invalid access" }, stopping);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, stopping);
            return false;
        }

        await socket.SendAsync(new JsonObject { ["type"] = "auth_ok", ["ha_version"] = stub.HaVersion }, stopping);
        return true;
    }

    private async Task<bool> HandleAsync(JsonNode? message, CancellationToken stopping)
    {
        var type = message is JsonObject o && o["type"] is JsonValue t && t.TryGetValue(out string? named) ? named : null;
        if (type is not null)
        {
            stub.Received(type);
            if (type.StartsWith("supervisor/", StringComparison.Ordinal) || type.StartsWith("hassio/", StringComparison.Ordinal))
            {
                // proxy.py@9ad1c198 DENIED_WS_TYPE_PREFIXES: answered by the proxy itself, never forwarded.
                await SendErrorAsync(message!["id"]?.DeepClone(), CoreErrorCodes.Unauthorized, "Unauthorized", stopping);
                return true;
            }

            if (type == "recorder/import_statistics" && stub.Fault == StubFault.DropOnImport)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, stopping);
                return false;
            }
        }

        // websocket_api/connection.py@55ec0e99 ActiveConnection.async_handle, rule by rule.
        if (message is not JsonObject command || type is null || !(command["id"] is JsonValue idValue && idValue.GetValueKind() == JsonValueKind.Number && idValue.TryGetValue(out long id) && id != 0))
        {
            await SendErrorAsync(message is JsonObject withId ? withId["id"]?.DeepClone() : (JsonNode)0, CoreErrorCodes.InvalidFormat, "Message incorrectly formatted.", stopping);
            return true;
        }

        if (id <= _lastId)
        {
            await SendErrorAsync(id, CoreErrorCodes.IdReuse, "Identifier values have to increase.", stopping);
            return true;
        }

        if (!RecorderCommands.Knows(type))
        {
            await SendErrorAsync(id, CoreErrorCodes.UnknownCommand, "Unknown command.", stopping);
            return true;
        }

        try
        {
            await socket.SendAsync(
                type == "ping" ? new JsonObject { ["id"] = id, ["type"] = "pong" } : new JsonObject { ["id"] = id, ["type"] = "result", ["success"] = true, ["result"] = _commands.Run(type, command) },
                stopping);
        }
        catch (CommandError error)
        {
            await SendErrorAsync(id, error.Code, error.Message, stopping);
        }

        _lastId = id;
        return true;
    }

    // websocket_api/messages.py@2b9c97b9 error_message.
    private Task SendErrorAsync(JsonNode? id, string code, string text, CancellationToken stopping) =>
        socket.SendAsync(new JsonObject { ["id"] = id, ["type"] = "result", ["success"] = false, ["error"] = new JsonObject { ["code"] = code, ["message"] = text } }, stopping);

    // Python's `a or b` over the token fields: an empty string counts as absent; a token that is not a string matches no add-on.
    private static string? Truthy(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? text) => text.Length > 0 ? text : null,
        _ => node.ToJsonString(),
    };
}
