namespace Telemetry.Sources;

/// <summary>What one source gave this cycle: its values, or why it could not be read.</summary>
/// <remarks>
/// A failing source is a normal state, not an exception: its sensors go unavailable, the rest go on. A source that
/// is <see cref="IsAbsent">absent</see> is not broken: it does not exist by design (the legacy <c>usage.db</c> of an
/// agent since 2026-03-30), and its sensors are not announced at all rather than shown unavailable forever.
/// </remarks>
internal sealed record Reading<T>(T? Value, string? Problem, bool IsAbsent = false)
    where T : class
{
    public bool IsAvailable => Value is not null;

    public static Reading<T> Ok(T value) => new(value, null);

    public static Reading<T> Unavailable(string problem) => new(null, problem);

    public static Reading<T> Absent(string reason) => new(null, reason, IsAbsent: true);
}
