using System.Buffers;
using System.Text;

namespace Telemetry.Sources.Logs;

/// <summary>A request id in the agent's UUID form, as its 128 bits and back.</summary>
/// <remarks>
/// The agent's request ids are UUIDv7 texts. As strings they took 96 bytes each, the largest part of the request
/// window's memory at 148,000 requests a day (BENCHMARKS.md, "Memory"); as numbers, 16. Only the canonical lowercase
/// form is taken, so that <see cref="Format"/> gives back exactly the text the database holds, which the window needs
/// to read a request's rows again; any other id stays text.
/// </remarks>
internal static class UuidText
{
    public static bool TryParse(ReadOnlySpan<char> text, out UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[36];
        value = default;
        return text.Length == 36 && Ascii.FromUtf16(text, bytes, out _) == OperationStatus.Done && TryParse(bytes, out value);
    }

    /// <summary>The same, for the id as the database's UTF-8 bytes (the form the full read sees, once per log row).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out UInt128 value)
    {
        value = default;
        if (utf8.Length != 36 || utf8[8] != '-' || utf8[13] != '-' || utf8[18] != '-' || utf8[23] != '-')
        {
            return false;
        }

        // 32 hex digits; the first 16 are the upper 64 bits. A byte that is no lowercase hex digit sets a high bit.
        ulong upper = 0, lower = 0;
        var invalid = 0;
        var positions = DigitPositions;
        for (var i = 0; i < 16; i++)
        {
            var high = HexValue[utf8[positions[i]]];
            var low = HexValue[utf8[positions[i + 16]]];
            invalid |= high | low;
            upper = (upper << 4) | high;
            lower = (lower << 4) | low;
        }

        if ((invalid & 0xF0) != 0)
        {
            return false;
        }

        value = new UInt128(upper, lower);
        return true;
    }

    private static ReadOnlySpan<byte> DigitPositions =>
        [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35];

    // The value of each lowercase hex digit; 0xFF for every other byte.
    private static readonly byte[] HexValue = Enumerable.Range(0, 256)
        .Select(b => (byte)(b is >= '0' and <= '9' ? b - '0' : b is >= 'a' and <= 'f' ? b - 'a' + 10 : 0xFF))
        .ToArray();

    public static string Format(UInt128 value) => string.Create(36, value, static (chars, bits) =>
    {
        for (var i = 35; i >= 0; i--)
        {
            if (i is 8 or 13 or 18 or 23)
            {
                chars[i] = '-';
                continue;
            }

            var digit = (int)(bits & 0xF);
            chars[i] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
            bits >>= 4;
        }
    });
}
