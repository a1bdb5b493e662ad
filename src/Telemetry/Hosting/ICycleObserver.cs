using Telemetry.Collection;
using Telemetry.HomeAssistant;

namespace Telemetry.Hosting;

/// <summary>Told about each finished cycle (the demo prints a table of it).</summary>
internal interface ICycleObserver
{
    void OnCycle(Snapshot snapshot, IReadOnlyList<Sensor> sensors, bool published);
}
