namespace Telemetry.Testing.Core;

/// <summary>How <see cref="CoreStub"/> misbehaves, the ways the Supervisor's proxy and Core can.</summary>
internal enum StubFault
{
    /// <summary>Answers as a healthy Core behind the proxy.</summary>
    None,

    /// <summary>
    /// The proxy refuses the token: <c>{"type":"auth_invalid","message":"Invalid access"}</c>, then the socket closes
    /// (supervisor/api/proxy.py@9ad1c198 <c>websocket</c> returns the response, and aiohttp's <c>write_eof</c> closes it with 1000).
    /// </summary>
    RefuseAuth,

    /// <summary>
    /// Core goes away when an import arrives: the proxy sees Core's socket close and closes the add-on's with 1000
    /// (proxy.py@9ad1c198 <c>_proxy_message</c>: CLOSE/CLOSED from Core → <c>target.close()</c>). Nothing is imported.
    /// </summary>
    DropOnImport,

    /// <summary>The connection's user is not an admin: <c>require_admin</c> commands answer <c>unauthorized</c> (websocket_api/decorators.py@5c16a815).</summary>
    NotAdmin,

    /// <summary>
    /// The recorder fails unexpectedly (not a <c>HomeAssistantError</c>): Core answers <c>unknown_error</c> / <c>Unknown error</c>
    /// (websocket_api/connection.py@55ec0e99 <c>async_handle_exception</c>).
    /// </summary>
    RecorderError,
}
