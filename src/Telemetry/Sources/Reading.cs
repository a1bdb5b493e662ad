namespace Telemetry.Sources;

/// <summary>What one source gave this cycle, whatever its figures: read, unavailable with a reason, or absent by design.</summary>
/// <remarks>
/// A failing source is a normal state, not an exception: its sensors go unavailable, the rest go on. A source that
/// is <see cref="IsAbsent">absent</see> is not broken: it does not exist by design (the legacy <c>usage.db</c> of an
/// agent since 2026-03-30), and its sensors are not announced at all rather than shown unavailable forever.
/// </remarks>
/// <param name="Problem">Why the source could not be read; null when it was.</param>
internal abstract record Reading(string? Problem, bool IsAbsent);
