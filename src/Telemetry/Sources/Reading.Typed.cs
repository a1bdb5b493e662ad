namespace Telemetry.Sources;

/// <summary>A reading of a source whose figures are <typeparamref name="TFigures"/>; <see cref="Value"/> is set exactly when <see cref="Reading.Problem"/> is null.</summary>
internal sealed record Reading<TFigures> : Reading
    where TFigures : class
{
    private Reading(TFigures? value, string? problem, bool isAbsent)
        : base(problem, isAbsent) => Value = value;

    public TFigures? Value { get; }

    public static Reading<TFigures> Ok(TFigures value) => new(value, null, false);

    public static Reading<TFigures> Unavailable(string problem) => new(null, problem, false);

    public static Reading<TFigures> Absent(string reason) => new(null, reason, true);
}
