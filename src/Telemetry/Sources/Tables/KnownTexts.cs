using System.Text;

namespace Telemetry.Sources.Tables;

/// <summary>The few distinct texts of a column (the log levels, the usage models, providers and roles), each made a string once, so that a row's text allocates nothing.</summary>
internal sealed class KnownTexts
{
    // The agent writes five levels (and ERROR+n), and a few models, providers and roles; a column full of distinct
    // texts still gets the right strings, made per row.
    private const int Limit = 64;

    private readonly List<(byte[] Utf8, string Text)> _known = [];

    public string Of(ReadOnlySpan<byte> utf8)
    {
        foreach (var (bytes, text) in _known)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return text;
            }
        }

        var made = Encoding.UTF8.GetString(utf8);
        if (_known.Count < Limit)
        {
            _known.Add((utf8.ToArray(), made));
        }

        return made;
    }
}
