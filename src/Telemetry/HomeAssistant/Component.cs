using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>A component of the device's discovery payload: what is needed to announce its removal, and whose data decides it.</summary>
internal sealed record Component(string Key, string Platform, SourceKey Source);
