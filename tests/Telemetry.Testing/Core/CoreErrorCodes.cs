namespace Telemetry.Testing.Core;

/// <summary>The error codes Core's websocket API answers with (homeassistant/components/websocket_api/const.py@d885c06e).</summary>
internal static class CoreErrorCodes
{
    public const string IdReuse = "id_reuse";
    public const string InvalidFormat = "invalid_format";
    public const string HomeAssistantError = "home_assistant_error";
    public const string UnknownCommand = "unknown_command";
    public const string UnknownError = "unknown_error";
    public const string Unauthorized = "unauthorized";

    // recorder/websocket_api.py@dfbe53eb ws_handle_get_statistics_during_period: not in const.py, sent by the recorder itself.
    public const string InvalidStartTime = "invalid_start_time";
    public const string InvalidEndTime = "invalid_end_time";
}
