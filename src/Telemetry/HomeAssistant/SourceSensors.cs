using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>One registered source and its fixed sensor rows.</summary>
internal sealed record SourceSensors(SourceKey Source, IReadOnlyList<Sensor> Rows);
