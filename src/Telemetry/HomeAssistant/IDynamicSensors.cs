using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>Sensors that come and go with a source's figures (a pair per root loop of the agent).</summary>
internal interface IDynamicSensors
{
    /// <summary>The sensors for this cycle; while their source cannot be read, the last ones.</summary>
    IReadOnlyList<Sensor> For(CycleReadings cycle);
}
