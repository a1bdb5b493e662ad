using Telemetry.Collection;
using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>One Home Assistant entity: how it is declared in discovery and where its value comes from.</summary>
internal sealed record Sensor
{
    private readonly SourceKey? _presentWith;

    /// <summary>The component key and entity id suffix, as in the agent's package (<c>tokens_24h_input</c>). Never changes once published.</summary>
    public required string Key { get; init; }

    /// <summary>The entity's name; Home Assistant shows it after the device's name.</summary>
    public required string Name { get; init; }

    /// <summary>The source whose availability this entity follows, its values read only while it is available; null for one that needs only the add-on.</summary>
    public required SourceKey? Source { get; init; }

    /// <summary>
    /// The source whose absence by design (<see cref="Snapshot.IsAbsent"/>) means this entity is not announced at all;
    /// by default <see cref="Source"/>.
    /// </summary>
    public SourceKey? PresentWith
    {
        get => _presentWith ?? Source;
        init => _presentWith = value;
    }

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

    /// <summary>For a state that carries more than the value (<see cref="SensorTemplates.Value"/>).</summary>
    public string? ValueTemplate { get; init; }

    /// <summary>For a total that starts again at a known time (<see cref="SensorTemplates.LastReset"/>).</summary>
    public string? LastResetValueTemplate { get; init; }

    /// <summary>The states an <c>enum</c> sensor can have.</summary>
    public IReadOnlyList<string>? Options { get; init; }
}
