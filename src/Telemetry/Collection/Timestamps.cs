using System.Globalization;

namespace Telemetry.Collection;

/// <summary>Parses the timestamp forms the agent writes (its <c>database.ParseTimestamp</c> accepts the same set).</summary>
/// <remarks>
/// Accepted: <c>2006-01-02T15:04:05[.fraction](Z|±hh:mm)</c>, the same with a space for <c>T</c>, without a zone (UTC),
/// and Go's <c>time.String()</c> form <c>2006-01-02 15:04:05.999 -0700 MST</c>. Fractions up to nine digits.
/// Hand-written because .NET's exact formats stop at seven fraction digits, and because it runs once per log row.
/// </remarks>
internal static class Timestamps
{
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        var s = text.Trim();
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s[..4], out var year) || !Digits(s[5..7], out var month) || !Digits(s[8..10], out var day)
            || !Digits(s[11..13], out var hour) || !Digits(s[14..16], out var minute) || !Digits(s[17..19], out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var rest = s[19..];
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
            var scaled = fraction.Length > 7 ? fraction[..7] : fraction;
            fractionTicks = long.Parse(scaled, NumberStyles.None, CultureInfo.InvariantCulture) * Pow10(7 - scaled.Length);
            rest = rest[digits..];
        }

        if (!TryParseZone(rest, out var offset))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            // 0001-01-01T00:00:00+01:00 (Go's zero time in a zone east of UTC) is before year 1 in UTC.
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    /// <summary>The agent's query-bound form: RFC 3339, whole seconds, UTC.</summary>
    public static string FormatRfc3339Seconds(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

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

        offset = new TimeSpan(h, m, 0) * (sign == '-' ? -1 : 1);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> span, out int value)
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
