namespace Telemetry.HomeAssistant;

/// <summary>A component of the device's discovery payload, by key and platform: what is needed to announce its removal.</summary>
internal sealed record Component(string Key, string Platform);
