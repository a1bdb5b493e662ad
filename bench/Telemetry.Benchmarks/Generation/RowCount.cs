using System.Globalization;

namespace Telemetry.Benchmarks.Generation;

/// <summary>Row counts as the scales name them: <c>100k</c>, <c>1m</c>, <c>5m</c>, or a plain number.</summary>
internal static class RowCount
{
    public static long Parse(string text)
    {
        var trimmed = text.Trim().Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        var (digits, factor) = char.ToLowerInvariant(trimmed[^1]) switch
        {
            'k' => (trimmed[..^1], 1_000L),
            'm' => (trimmed[..^1], 1_000_000L),
            _ => (trimmed, 1L),
        };
        return decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0
            ? (long)(value * factor)
            : throw new ArgumentException($"not a row count: '{text}' (e.g. 100k, 1m, 5m or 250000)", nameof(text));
    }

    /// <summary>The short form for a folder name: <c>5m</c> for 5,000,000, <c>100k</c> for 100,000, else the number.</summary>
    public static string Short(long rows) => rows switch
    {
        >= 1_000_000 when rows % 1_000_000 == 0 => string.Create(CultureInfo.InvariantCulture, $"{rows / 1_000_000}m"),
        >= 1_000 when rows % 1_000 == 0 => string.Create(CultureInfo.InvariantCulture, $"{rows / 1_000}k"),
        _ => rows.ToString(CultureInfo.InvariantCulture),
    };
}
