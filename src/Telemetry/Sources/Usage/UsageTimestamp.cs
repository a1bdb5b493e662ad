using System.Buffers;
using System.Text;

namespace Telemetry.Sources.Usage;

/// <summary>A <c>usage_records</c> timestamp, held as seconds when it is in the agent's form and as text otherwise.</summary>
/// <remarks>
/// The window on usage is a text comparison (the agent writes <c>yyyy-MM-ddTHH:mm:ssZ</c>, and the bounds have the
/// same form), so order here is SQLite's text order; for the agent's form that is the order of the seconds, which
/// take 8 bytes instead of a 20-character string.
/// </remarks>
internal readonly record struct UsageTimestamp(long Second, string? Odd) : IComparable<UsageTimestamp>
{
    public static UsageTimestamp Of(string text) =>
        TryAgentSecond(text, out var second) ? new UsageTimestamp(second, null) : new UsageTimestamp(0, text);

    /// <summary>The same from the database's UTF-8 bytes, without making a string of the agent's form.</summary>
    public static UsageTimestamp Of(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[20];
        return utf8.Length == chars.Length && Ascii.ToUtf16(utf8, chars, out _) == OperationStatus.Done && TryAgentSecond(chars, out var second)
            ? new UsageTimestamp(second, null)
            : new UsageTimestamp(0, Encoding.UTF8.GetString(utf8));
    }

    /// <summary>A window bound: whole seconds in UTC, always the agent's form.</summary>
    public static UsageTimestamp Bound(DateTimeOffset at) => Of(Timestamps.FormatRfc3339Seconds(at));

    /// <summary>The instant it names, when it parses (every timestamp the agent writes does).</summary>
    public DateTimeOffset? ToInstant() =>
        Odd is null ? new DateTimeOffset(Second * TimeSpan.TicksPerSecond, TimeSpan.Zero)
        : Timestamps.TryParse(Odd, out var parsed) ? parsed
        : null;

    public string Text => Odd ?? Timestamps.FormatRfc3339Seconds(new DateTimeOffset(Second * TimeSpan.TicksPerSecond, TimeSpan.Zero));

    public int CompareTo(UsageTimestamp other) =>
        Odd is null && other.Odd is null ? Second.CompareTo(other.Second) : string.CompareOrdinal(Text, other.Text);

    public static bool operator <(UsageTimestamp left, UsageTimestamp right) => left.CompareTo(right) < 0;

    public static bool operator >(UsageTimestamp left, UsageTimestamp right) => left.CompareTo(right) > 0;

    public static bool operator <=(UsageTimestamp left, UsageTimestamp right) => left.CompareTo(right) <= 0;

    public static bool operator >=(UsageTimestamp left, UsageTimestamp right) => left.CompareTo(right) >= 0;

    /// <summary>The second a timestamp in the agent's own form (<c>yyyy-MM-ddTHH:mm:ssZ</c>) names.</summary>
    private static bool TryAgentSecond(ReadOnlySpan<char> text, out long second)
    {
        second = 0;
        if (text.Length != 20 || text[19] != 'Z' || !Timestamps.TryParseCanonicalSeconds(text, out var ticks))
        {
            return false;
        }

        second = ticks / TimeSpan.TicksPerSecond;
        return true;
    }
}
