namespace Telemetry.HomeAssistant;

/// <summary>What a publish sends.</summary>
internal enum PublishMode
{
    /// <summary>Only the messages whose payload differs from what was last sent.</summary>
    Changes,

    /// <summary>Every message again: after a (re)connect, a Home Assistant birth, a failed publish, or periodically.</summary>
    Everything,
}
