using System.Text.RegularExpressions;
using Telemetry.Tests.Packaging;

namespace Telemetry.Tests.Architecture;

/// <summary>The product's C# files as text: their namespaces and what they use.</summary>
internal static partial class SourceTree
{
    /// <summary>Every <c>.cs</c> file under <c>src/</c>, outside build output.</summary>
    public static IReadOnlyList<string> Files { get; } = Directory
        .EnumerateFiles(RepositoryFiles.PathOf("src"), "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();

    public static string Relative(string path) => Path.GetRelativePath(RepositoryFiles.Root, path);

    /// <summary>
    /// Namespace to the project namespaces its files use: through <c>using</c> (plain or static), and an enclosing
    /// namespace whose types a file names (it needs no using for them).
    /// </summary>
    public static Dictionary<string, HashSet<string>> NamespaceUses()
    {
        // The entry point's top-level statements (Program.cs) are in the global namespace, which nothing can use.
        var texts = Files.Select(File.ReadAllText).Where(t => NamespaceLine().IsMatch(t)).ToList();
        var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var ns = NamespaceOf(text);
            var types = declared.TryGetValue(ns, out var known) ? known : declared[ns] = new HashSet<string>(StringComparer.Ordinal);
            types.UnionWith(TypeDeclaration().Matches(text).Select(t => t.Groups[1].Value));
        }

        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var own = NamespaceOf(text);
            var set = uses.TryGetValue(own, out var seen) ? seen : uses[own] = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match used in UsingLine().Matches(text))
            {
                var name = used.Groups[2].Value;
                if (used.Groups[1].Success)
                {
                    name = name[..name.LastIndexOf('.')];
                }

                if (name != own && name.StartsWith("Telemetry", StringComparison.Ordinal))
                {
                    set.Add(name);
                }
            }

            var words = Word().Matches(text).Select(w => w.Value).ToHashSet(StringComparer.Ordinal);
            for (var parent = own; parent.Contains('.', StringComparison.Ordinal);)
            {
                parent = parent[..parent.LastIndexOf('.')];
                if (declared.TryGetValue(parent, out var types) && types.Overlaps(words))
                {
                    set.Add(parent);
                }
            }
        }

        return uses;
    }

    private static string NamespaceOf(string text) => NamespaceLine().Match(text).Groups[1].Value;

    [GeneratedRegex(@"\b(?:class|record(?: struct| class)?|struct|interface|enum) (\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\b[A-Z]\w*")]
    private static partial Regex Word();

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^using (static )?([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex UsingLine();
}
