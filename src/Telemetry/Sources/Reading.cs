namespace Telemetry.Sources;

/// <summary>What one source gave this cycle: its values, or why it could not be read.</summary>
/// <remarks>A failing source is a normal state, not an exception: its sensors go unavailable, the rest go on.</remarks>
internal sealed record Reading<T>(T? Value, string? Problem)
    where T : class
{
    public bool IsAvailable => Value is not null;

    public static Reading<T> Ok(T value) => new(value, null);

    public static Reading<T> Unavailable(string problem) => new(null, problem);
}
