using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>A component of the device's discovery payload: what is needed to announce its removal, and the source whose data decides it (none: the add-on's own).</summary>
internal sealed record Component(string Key, string Platform, SourceKey? Source);
