using System.Text;

namespace Telemetry.Sources.Logs;

/// <summary>The few distinct level texts of the log table, each made a string once, so that a row's level allocates nothing.</summary>
internal sealed class LevelNames
{
    // The agent writes five levels (and ERROR+n); a table full of odd levels still gets the right strings, made per row.
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
