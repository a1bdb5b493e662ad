namespace Telemetry.HomeAssistant;

/// <summary>The availability payloads Home Assistant expects by default (<c>payload_available</c>, <c>payload_not_available</c>).</summary>
internal static class Availability
{
    public const string Online = "online";

    public const string Offline = "offline";
}
