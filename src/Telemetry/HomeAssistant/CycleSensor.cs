using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>An entity of the add-on's own, whose state comes from the cycle rather than from a source (<c>last_collection</c>).</summary>
internal sealed record CycleSensor : Sensor
{
    public override SourceKey? Source => null;

    public override bool HasAttributes => false;

    public required Func<CycleReadings, string> State { get; init; }

    public override SensorState? Read(CycleReadings cycle) => new SensorState(State(cycle), null);
}
