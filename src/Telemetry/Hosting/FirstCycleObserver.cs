using Telemetry.History;
using Telemetry.HomeAssistant;
using Telemetry.Sources;

namespace Telemetry.Hosting;

/// <summary>Opens the history import's <see cref="FirstCycleGate"/> after the first cycle, published or not (the import does not need the broker).</summary>
internal sealed class FirstCycleObserver(FirstCycleGate gate) : ICycleObserver
{
    public void OnCycle(CycleReadings cycle, IReadOnlyList<Sensor> sensors, bool published) => gate.Open();
}
