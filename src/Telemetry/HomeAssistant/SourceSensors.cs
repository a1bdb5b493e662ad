using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>One registered source and its fixed sensor rows.</summary>
/// <param name="ProblemSensor">Whether it has a problem sensor: not for one that cannot fail, whose rows tell its state themselves.</param>
internal sealed record SourceSensors(SourceKey Source, IReadOnlyList<Sensor> Rows, bool ProblemSensor = true);
