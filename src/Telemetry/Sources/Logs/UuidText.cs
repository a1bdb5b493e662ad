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
    /// <summary>The same, for the id as the database's UTF-8 bytes.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out UInt128 value)
    {
        Span<char> chars = stackalloc char[36];
        value = default;
        return utf8.Length == 36 && Ascii.ToUtf16(utf8, chars, out _) == OperationStatus.Done && TryParse(chars, out value);
    }

    public static bool TryParse(ReadOnlySpan<char> text, out UInt128 value)
    {
        value = default;
        if (text.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < 36; i++)
        {
            var c = text[i];
            if (i is 8 or 13 or 18 or 23)
            {
                if (c != '-')
                {
                    return false;
                }

                continue;
            }

            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)digit;
        }

        return true;
    }

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
