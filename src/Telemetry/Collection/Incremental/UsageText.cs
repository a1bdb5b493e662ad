namespace Telemetry.Collection.Incremental;

/// <summary>A <c>usage_records</c> timestamp, held as seconds when it is in the agent's form and as text otherwise.</summary>
/// <remarks>
/// The window on usage is a text comparison (the agent writes <c>yyyy-MM-ddTHH:mm:ssZ</c>, and the bounds have the
/// same form), so order here is SQLite's text order; for the agent's form that is the order of the seconds, which
/// take 8 bytes instead of a 20-character string.
/// </remarks>
internal readonly record struct UsageText(long Second, string? Odd) : IComparable<UsageText>
{
    public static UsageText Of(string text) =>
        text.Length == 20 && text[19] == 'Z' && WindowKey.TryCanonicalPrefix(text, out var ticks)
            ? new UsageText(ticks / TimeSpan.TicksPerSecond, null)
            : new UsageText(0, text);

    /// <summary>A window bound: whole seconds in UTC, always the agent's form.</summary>
    public static UsageText Bound(DateTimeOffset at) => Of(Timestamps.FormatRfc3339Seconds(at));

    public string Text => Odd ?? Timestamps.FormatRfc3339Seconds(new DateTimeOffset(Second * TimeSpan.TicksPerSecond, TimeSpan.Zero));

    public int CompareTo(UsageText other) =>
        Odd is null && other.Odd is null ? Second.CompareTo(other.Second) : string.CompareOrdinal(Text, other.Text);

    public static bool operator <(UsageText left, UsageText right) => left.CompareTo(right) < 0;

    public static bool operator >(UsageText left, UsageText right) => left.CompareTo(right) > 0;

    public static bool operator <=(UsageText left, UsageText right) => left.CompareTo(right) <= 0;

    public static bool operator >=(UsageText left, UsageText right) => left.CompareTo(right) >= 0;
}
