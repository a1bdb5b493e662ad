using System.Buffers;
using System.Text;

namespace Telemetry.Sources.Logs;

/// <summary>
/// Turns a log row's timestamp into one number, its key: the row is in the window starting at <c>since</c>
/// exactly when <c>since ≤ key</c>. That lets rows expire in key order as the window slides.
/// </summary>
/// <remarks>
/// The full read keeps a row when its text is at or after the whole-second bound <c>format(since − 1 s)</c> (the
/// SQL range on the timestamp index) and its parsed time is at or after <c>since</c>. With <c>S</c> the latest whole
/// second whose RFC 3339 text sorts at or before the row's text, the text test is <c>floor(since) − 1 s ≤ S</c>, that
/// is <c>since &lt; S + 2 s</c>. So the key is <c>min(parsed, S + 2 s − 1 tick)</c>. For the agent's own form
/// (<c>…:05Z</c>, <c>…:05.5Z</c>) the key is the parsed time; only odd texts (offsets, a space for <c>T</c>) differ.
/// </remarks>
internal static class WindowKey
{
    /// <summary>A row that is never in any window (no timestamp, or one that does not parse).</summary>
    public const long Never = long.MinValue;

    private static readonly long MinSecond = new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long MaxSecond = new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).Ticks;

    /// <summary>The key of a log row's timestamp text, or <see cref="Never"/>.</summary>
    /// <param name="at">The parsed time as UTC ticks, which latencies are measured on.</param>
    public static long Of(string? text, out long at)
    {
        at = 0;
        return text is null ? Never : Of(text.AsSpan(), out at);
    }

    /// <summary>The key of a timestamp as the database's UTF-8 bytes, without making a string of the common ASCII form.</summary>
    public static long Of(ReadOnlySpan<byte> utf8, out long at)
    {
        Span<char> chars = stackalloc char[64];
        return utf8.Length <= chars.Length && Ascii.ToUtf16(utf8, chars, out var length) == OperationStatus.Done
            ? Of(chars[..length], out at)
            : Of(Encoding.UTF8.GetString(utf8), out at);
    }

    public static long Of(ReadOnlySpan<char> text, out long at)
    {
        at = 0;
        if (!Timestamps.TryParse(text, out var parsed))
        {
            return Never;
        }

        at = parsed.UtcTicks;
        var floor = TextFloor(text);
        return floor == Never ? Never : Math.Min(at, floor + (2 * TimeSpan.TicksPerSecond) - 1);
    }

    /// <summary>The window start as a key: rows with <c>key ≥ Since(now − 24 h)</c> are in.</summary>
    public static long Since(DateTimeOffset since) => since.UtcTicks;

    /// <summary>
    /// The latest whole second (as UTC ticks) whose <c>yyyy-MM-ddTHH:mm:ssZ</c> text sorts at or before
    /// <paramref name="text"/> as SQLite compares text, or <see cref="Never"/> when none does.
    /// </summary>
    public static long TextFloor(ReadOnlySpan<char> text)
    {
        if (Timestamps.TryParseCanonicalSeconds(text, out var second))
        {
            // "…:05Z" equals the bound for 05; "…:05.5Z" sorts before it ('.' < 'Z'), so its floor is 04.
            var floor = text[19..].SequenceCompareTo("Z") >= 0 ? second : second - TimeSpan.TicksPerSecond;
            return floor < MinSecond ? Never : floor;
        }

        // Not the agent's form: search the whole-second range, on which the text form is strictly increasing.
        if (Timestamps.FormatRfc3339Seconds(new DateTimeOffset(MinSecond, TimeSpan.Zero)).AsSpan().SequenceCompareTo(text) > 0)
        {
            return Never;
        }

        long lo = MinSecond / TimeSpan.TicksPerSecond, hi = MaxSecond / TimeSpan.TicksPerSecond;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo + 1) / 2);
            if (Timestamps.FormatRfc3339Seconds(new DateTimeOffset(mid * TimeSpan.TicksPerSecond, TimeSpan.Zero)).AsSpan().SequenceCompareTo(text) <= 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo * TimeSpan.TicksPerSecond;
    }
}
