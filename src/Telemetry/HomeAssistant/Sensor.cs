using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>One Home Assistant entity: how it is declared in discovery, and which source's availability it follows.</summary>
/// <remarks>
/// Where its value comes from is the subclass's: a source's figures (<see cref="Sensor{TFigures}"/>), a source's
/// health (<see cref="SourceProblemSensor"/>) or the cycle itself (<see cref="CycleSensor"/>).
/// </remarks>
internal abstract record Sensor
{
    /// <summary>The component key and entity id suffix, as in the agent's package (<c>tokens_24h_input</c>). Never changes once published.</summary>
    public required string Key { get; init; }

    /// <summary>The entity's name; Home Assistant shows it after the device's name.</summary>
    public required string Name { get; init; }

    /// <summary>The source whose availability this entity follows, its values read only while it is available; null for one that needs only the add-on.</summary>
    public abstract SourceKey? Source { get; }

    /// <summary>The source whose absence by design (<see cref="CycleReadings.IsAbsent"/>) means this entity is not announced at all; by default <see cref="Source"/>.</summary>
    public virtual SourceKey? PresentWith => Source;

    /// <summary>Whether the entity has a JSON attributes topic.</summary>
    public abstract bool HasAttributes { get; }

    /// <summary>Home Assistant's entity platform.</summary>
    public string Platform { get; init; } = "sensor";

    public string? Icon { get; init; }

    public string? Unit { get; init; }

    public string? DeviceClass { get; init; }

    public string? StateClass { get; init; }

    /// <summary>
    /// Whether Home Assistant enables the entity when it first registers it. Housekeeping and niche figures are off: a
    /// user turns them on in the entity's settings. Home Assistant reads it only for a new entity, so one already
    /// registered keeps the state its user gave it.
    /// </summary>
    public bool EnabledByDefault { get; init; } = true;

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

    /// <summary>The state and attributes from this cycle's readings; null when <see cref="Source"/> was not read.</summary>
    public abstract SensorState? Read(CycleReadings cycle);
}
