using Telemetry.HomeAssistant;
using Telemetry.Sources;

namespace Telemetry.Hosting;

/// <summary>Told about each finished cycle (the demo prints a table of it).</summary>
internal interface ICycleObserver
{
    void OnCycle(CycleReadings cycle, IReadOnlyList<Sensor> sensors, bool published);
}
