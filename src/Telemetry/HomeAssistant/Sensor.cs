using Telemetry.Collection;
using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>One Home Assistant entity: how it is declared in discovery and where its value comes from.</summary>
internal sealed record Sensor
{
    /// <summary>The component key and entity id suffix, as in the agent's package (<c>tokens_24h_input</c>). Never changes once published.</summary>
    public required string Key { get; init; }

    /// <summary>The entity's name; Home Assistant shows it after the device's name.</summary>
    public required string Name { get; init; }

    /// <summary>The source whose availability this entity follows; its values are read only while it is available.</summary>
    public required SourceKey Source { get; init; }

    /// <summary>The state payload, from a snapshot in which <see cref="Source"/> is available.</summary>
    public required Func<Snapshot, string> State { get; init; }

    /// <summary>A JSON object of attributes, for entities that have one.</summary>
    public Func<Snapshot, string>? Attributes { get; init; }

    /// <summary>Home Assistant's entity platform.</summary>
    public string Platform { get; init; } = "sensor";

    public string? Icon { get; init; }

    public string? Unit { get; init; }

    public string? DeviceClass { get; init; }

    public string? StateClass { get; init; }

    /// <summary>Shown under "Diagnostic" on the device page rather than among its sensors.</summary>
    public bool Diagnostic { get; init; }

    /// <summary>Decimals Home Assistant shows by default; the state itself keeps its own precision.</summary>
    public int? DisplayPrecision { get; init; }
}
