namespace Telemetry.Testing.Core;

/// <summary>A command's failure, carried to the result message Core sends: <c>{"success":false,"error":{"code","message"}}</c>.</summary>
/// <remarks>Codes from websocket_api/const.py@d885c06e; the message shape from websocket_api/messages.py@2b9c97b9 <c>error_message</c>.</remarks>
internal sealed class CommandError : Exception
{
    public CommandError()
        : this(CoreErrorCodes.UnknownError, "Unknown error")
    {
    }

    public CommandError(string message)
        : this(CoreErrorCodes.UnknownError, message)
    {
    }

    public CommandError(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = CoreErrorCodes.UnknownError;
    }

    public CommandError(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public string Code { get; }
}
