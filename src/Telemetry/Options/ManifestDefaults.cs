using YamlDotNet.RepresentationModel;

namespace Telemetry.Options;

/// <summary>The <c>options</c> defaults of the add-on manifest (<c>config.yaml</c>), embedded at build time.</summary>
/// <remarks>The Supervisor fills the same defaults into <c>options.json</c>; reading them here keeps one source of truth.</remarks>
internal static class ManifestDefaults
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Values = new(Load);

    /// <summary>Option key to its default, as the scalar text in <c>config.yaml</c>.</summary>
    public static IReadOnlyDictionary<string, string> Options => Values.Value;

    private static Dictionary<string, string> Load()
    {
        var options = (YamlMappingNode)ReadManifest().Children[new YamlScalarNode("options")];
        return options.Children.ToDictionary(
            entry => ((YamlScalarNode)entry.Key).Value!,
            entry => ((YamlScalarNode)entry.Value).Value ?? "",
            StringComparer.Ordinal);
    }

    private static YamlMappingNode ReadManifest()
    {
        using var stream = typeof(ManifestDefaults).Assembly.GetManifestResourceStream("config.yaml")
            ?? throw new InvalidOperationException("config.yaml is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
