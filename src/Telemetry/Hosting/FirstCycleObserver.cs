using Telemetry.History;
using Telemetry.HomeAssistant;
using Telemetry.Sources;

namespace Telemetry.Hosting;

/// <summary>Opens the history import's <see cref="FirstCycleGate"/> once a cycle's states are on the broker.</summary>
internal sealed class FirstCycleObserver(FirstCycleGate gate) : ICycleObserver
{
    public void OnCycle(CycleReadings cycle, IReadOnlyList<Sensor> sensors, bool published)
    {
        if (published)
        {
            gate.Open();
        }
    }
}
