using System.Net.WebSockets;

namespace Telemetry.Testing.Core;

/// <summary>One whole message a client sent: text (as UTF-8 decoded) or binary.</summary>
internal sealed record StubIncoming(WebSocketMessageType Type, string Text);
