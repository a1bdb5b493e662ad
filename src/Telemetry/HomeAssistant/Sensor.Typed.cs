using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>An entity that shows one source's figures: its state and attributes are functions of those figures only.</summary>
/// <remarks>
/// The key's type fixes <typeparamref name="TFigures"/>, so a row that names one source cannot read another's
/// figures: it does not compile. The functions run only on a reading that has figures.
/// </remarks>
internal sealed record Sensor<TFigures> : Sensor
    where TFigures : class
{
    private readonly SourceKey<TFigures> _source;

    public Sensor(SourceKey<TFigures> source) => _source = source;

    public override SourceKey Source => _source;

    /// <summary>The state payload.</summary>
    public required Func<TFigures, string> State { get; init; }

    /// <summary>A JSON object of attributes, for entities that have one.</summary>
    public Func<TFigures, string>? Attributes { get; init; }

    public override bool HasAttributes => Attributes is not null;

    public override SensorState? Read(CycleReadings cycle) =>
        cycle.Of(_source).Value is { } figures ? new SensorState(State(figures), Attributes?.Invoke(figures)) : null;
}
