namespace Telemetry.Sources;

/// <summary>What one collection cycle read: a reading per registered source, in registration order.</summary>
internal sealed class CycleReadings(DateTimeOffset collectedAt, DateTimeOffset finishedAt, IReadOnlyList<(SourceKey Source, Reading Reading)> readings)
{
    private readonly Dictionary<SourceKey, Reading> _bySource = readings.ToDictionary(r => r.Source, r => r.Reading);

    /// <summary>When the cycle began: the "now" every window is measured from.</summary>
    public DateTimeOffset CollectedAt { get; } = collectedAt;

    /// <summary>When the last source answered.</summary>
    public DateTimeOffset FinishedAt { get; } = finishedAt;

    /// <summary>Every source read, in registration order.</summary>
    public IReadOnlyList<SourceKey> Sources { get; } = [.. readings.Select(r => r.Source)];

    /// <summary>The reading of a source, typed by its key.</summary>
    public Reading<TFigures> Of<TFigures>(SourceKey<TFigures> source)
        where TFigures : class => (Reading<TFigures>)_bySource[source];

    public Reading Of(SourceKey source) => _bySource[source];

    /// <summary>Whether the source was read; no source (an entity that needs only the add-on) always is.</summary>
    public bool IsAvailable(SourceKey? source) => source is null || _bySource[source].Problem is null;

    /// <summary>Whether the source does not exist by design (its sensors are not announced), as opposed to failing.</summary>
    public bool IsAbsent(SourceKey? source) => source is not null && _bySource[source].IsAbsent;
}
