using System.Security.Cryptography;
using System.Text;
namespace Telemetry.Sources.Loops;

/// <summary>Gives each root loop a slug for its entity keys: <c>[a-z0-9_]</c>, bounded, unique, and stable for a loop that keeps its name.</summary>
/// <remarks>
/// A loop keeps its slug for as long as it exists. A name whose plain slug is taken, was cut short, or is empty
/// gets a short hash of its name instead, so it does not depend on which other loops exist.
/// </remarks>
internal sealed class LoopSlugs
{
    public const int MaxLength = 40;
    private const int HashLength = 8;
    private const int MaxDisplayName = 64;

    private readonly Dictionary<string, string> _slugByKey = new(StringComparer.Ordinal);

    /// <summary>Slugs for the current root loops, in name order.</summary>
    public IReadOnlyList<(LoopInfo Loop, string Slug)> Assign(IReadOnlyList<LoopInfo> roots)
    {
        // Loops with the same name are told apart by id order; the first keeps the name's own key.
        var keyed = roots
            .OrderBy(l => l.Name, StringComparer.Ordinal)
            .ThenBy(l => l.Id, StringComparer.Ordinal)
            .GroupBy(l => l.Name, StringComparer.Ordinal)
            .SelectMany(group => group.Select((loop, index) => (Loop: loop, Key: index == 0 ? loop.Name : $"{loop.Name}\u0000{loop.Id}")))
            .ToList();

        var present = keyed.Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _slugByKey.Keys.Where(k => !present.Contains(k)).ToList())
        {
            _slugByKey.Remove(gone);
        }

        var taken = _slugByKey.Values.ToHashSet(StringComparer.Ordinal);
        var result = new List<(LoopInfo, string)>(keyed.Count);
        foreach (var (loop, key) in keyed)
        {
            if (!_slugByKey.TryGetValue(key, out var slug))
            {
                slug = NewSlug(loop.Name, key, taken);
                _slugByKey[key] = slug;
                taken.Add(slug);
            }

            result.Add((loop, slug));
        }

        return result;
    }

    /// <summary>Lower-case ASCII letters and digits; every other run of characters becomes one underscore.</summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(Math.Min(name.Length, 256));
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        return builder.ToString().TrimEnd('_');
    }

    /// <summary>The loop's real name for display, without control characters and bounded in length.</summary>
    public static string DisplayName(string name)
    {
        var clean = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length == 0)
        {
            return "(unnamed)";
        }

        return clean.Length <= MaxDisplayName ? clean : string.Concat(clean.AsSpan(0, MaxDisplayName - 1), "…");
    }

    private static string NewSlug(string name, string key, HashSet<string> taken)
    {
        var plain = Sanitize(name);
        if (plain.Length > 0 && plain.Length <= MaxLength && !taken.Contains(plain) && key == name)
        {
            return plain;
        }

        var stem = plain.Length == 0 ? "loop" : plain[..Math.Min(plain.Length, MaxLength - HashLength - 1)].TrimEnd('_');
        var hashed = $"{stem}_{Hash(key)}";
        for (var n = 2; taken.Contains(hashed); n++)
        {
            hashed = $"{stem}_{Hash(key + n)}";
        }

        return hashed;
    }

    private static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..HashLength];
}
