using System.Globalization;
using System.Text.RegularExpressions;

namespace Telemetry.Testing.Core;

/// <summary>
/// Core's reading of a timestamp string (<c>homeassistant.util.dt.parse_datetime</c>, which <c>cv.datetime</c> and the recorder's
/// commands use): ISO 8601 in the extended form, <c>T</c> or a space between date and time, an optional zone.
/// </summary>
/// <remarks>The stub reads the extended form only (ciso8601 also reads the basic one). A string without a zone is naive: the import then
/// fails with Core's "Naive timestamp" (recorder/statistics.py@0055cc7e), and a query takes it as Home Assistant's zone, UTC here.</remarks>
internal static partial class HaTime
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="naive"/> tells that it named no zone (the value is then read as UTC).</summary>
    public static bool TryParse(string text, out DateTimeOffset value, out bool naive)
    {
        value = default;
        naive = false;
        var match = Iso().Match(text);
        if (!match.Success)
        {
            return false;
        }

        try
        {
            var fraction = match.Groups[7].Success ? match.Groups[7].Value.PadRight(7, '0')[..7] : "0";
            var local = new DateTime(
                Number(match, 1), Number(match, 2), Number(match, 3), Number(match, 4), Number(match, 5), Number(match, 6), DateTimeKind.Unspecified)
                .AddTicks(long.Parse(fraction, CultureInfo.InvariantCulture));
            naive = !match.Groups[8].Success;
            value = new DateTimeOffset(local, naive ? TimeSpan.Zero : Offset(match.Groups[8].Value));
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Parses a timestamp the schema already accepted.</summary>
    public static (DateTimeOffset Value, bool Naive) Parse(string text) =>
        TryParse(text, out var value, out var naive) ? (value, naive) : throw new FormatException($"not a timestamp: {text}");

    private static int Number(Match match, int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    private static TimeSpan Offset(string zone)
    {
        if (zone is "Z" or "z")
        {
            return TimeSpan.Zero;
        }

        var digits = zone[1..].Replace(":", string.Empty, StringComparison.Ordinal);
        var offset = new TimeSpan(int.Parse(digits[..2], CultureInfo.InvariantCulture), digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0, 0);
        return zone[0] == '-' ? -offset : offset;
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$")]
    private static partial Regex Iso();
}
