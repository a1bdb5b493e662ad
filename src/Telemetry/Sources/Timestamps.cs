using System.Globalization;

namespace Telemetry.Sources;

/// <summary>The one parser and formatter of the agent's timestamp texts (its <c>database.ParseTimestamp</c> accepts the same set).</summary>
/// <remarks>
/// Accepted: <c>2006-01-02T15:04:05[.fraction](Z|±hh:mm)</c>, the same with a space for <c>T</c>, without a zone (UTC),
/// and Go's <c>time.String()</c> form <c>2006-01-02 15:04:05.999 -0700 MST</c>. Fractions up to nine digits.
/// Hand-written because .NET's exact formats stop at seven fraction digits, and because it runs once per log row.
/// </remarks>
internal static class Timestamps
{
    /// <summary>The length of <c>yyyy-MM-ddTHH:mm:ss</c>.</summary>
    private const int SecondsLength = 19;

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        var s = text.Trim();
        if (!TryParseSeconds(s, strict: false, out var seconds))
        {
            return false;
        }

        var rest = s[SecondsLength..];
        long fractionTicks = 0;
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 1 || digits > 10)
            {
                return false;
            }

            // Ticks are 100 ns: keep seven digits, pad shorter fractions.
            var fraction = rest[1..digits];
            var kept = fraction.Length > 7 ? fraction[..7] : fraction;
            Digits(kept, out var ticks);
            fractionTicks = ticks * Pow10(7 - kept.Length);
            rest = rest[digits..];
        }

        if (!TryParseZone(rest, out var offset))
        {
            return false;
        }

        var local = seconds.AddTicks(fractionTicks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            // 0001-01-01T00:00:00+01:00 (Go's zero time in a zone east of UTC) is before year 1 in UTC.
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="text"/> starts with exactly what <see cref="FormatRfc3339Seconds"/> writes before its
    /// <c>Z</c> (<c>yyyy-MM-ddTHH:mm:ss</c>, a <c>T</c>, valid fields).
    /// </summary>
    /// <param name="utcTicks">That second, as UTC ticks.</param>
    public static bool TryParseCanonicalSeconds(ReadOnlySpan<char> text, out long utcTicks)
    {
        var ok = TryParseSeconds(text, strict: true, out var seconds);
        utcTicks = ok ? seconds.Ticks : 0;
        return ok;
    }

    /// <summary>The agent's query-bound form: RFC 3339, whole seconds, UTC.</summary>
    public static string FormatRfc3339Seconds(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads <c>yyyy-MM-ddTHH:mm:ss</c> (or a space for <c>T</c> unless <paramref name="strict"/>) at the start of the text.</summary>
    private static bool TryParseSeconds(ReadOnlySpan<char> s, bool strict, out DateTime value)
    {
        value = default;
        if (s.Length < SecondsLength || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':'
            || (s[10] != 'T' && (strict || s[10] != ' ')))
        {
            return false;
        }

        if (!Digits(s[..4], out var year) || !Digits(s[5..7], out var month) || !Digits(s[8..10], out var day)
            || !Digits(s[11..13], out var hour) || !Digits(s[14..16], out var minute) || !Digits(s[17..19], out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth((int)year, (int)month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime((int)year, (int)month, (int)day, (int)hour, (int)minute, (int)second, DateTimeKind.Unspecified);
        return true;
    }

    private static bool TryParseZone(ReadOnlySpan<char> rest, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (rest.IsEmpty || rest is "Z")
        {
            return true;
        }

        // Go's time.String(): " -0700 MST" (the abbreviation is informative only).
        if (rest[0] == ' ')
        {
            rest = rest[1..];
            var space = rest.IndexOf(' ');
            if (space >= 0)
            {
                foreach (var c in rest[(space + 1)..])
                {
                    if (!char.IsAsciiLetter(c))
                    {
                        return false;
                    }
                }

                rest = rest[..space];
            }

            return rest.Length == 5 && SignedOffset(rest[0], rest[1..3], rest[3..5], out offset);
        }

        return rest.Length == 6 && rest[3] == ':' && SignedOffset(rest[0], rest[1..3], rest[4..6], out offset);
    }

    private static bool SignedOffset(char sign, ReadOnlySpan<char> hours, ReadOnlySpan<char> minutes, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if ((sign != '+' && sign != '-') || !Digits(hours, out var h) || !Digits(minutes, out var m) || h > 14 || m > 59)
        {
            return false;
        }

        offset = new TimeSpan((int)h, (int)m, 0) * (sign == '-' ? -1 : 1);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> span, out long value)
    {
        value = 0;
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static long Pow10(int exponent)
    {
        long result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
