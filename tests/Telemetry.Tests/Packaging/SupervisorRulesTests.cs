using YamlDotNet.RepresentationModel;

namespace Telemetry.Tests.Packaging;

/// <summary>
/// The rules themselves: the repository's manifest with one mistake each must be caught, so a clean result
/// on the real files means something.
/// </summary>
public sealed class SupervisorRulesTests
{
    [Theory]
    [InlineData("slug", "thane telemetry", "slug:")]
    [InlineData("arch", "[aarch64, amd64, armv7]", "arch:")]
    [InlineData("arch", "[x86_64]", "arch:")]
    [InlineData("arch", "[]", "arch:")]
    [InlineData("startup", "before_core", "startup:")]
    [InlineData("boot", "always", "boot:")]
    [InlineData("init", "maybe", "init:")]
    [InlineData("timeout", "5", "timeout:")]
    [InlineData("timeout", "301", "timeout:")]
    [InlineData("services", "['mqtt:use']", "services:")]
    [InlineData("services", "['mqtt']", "services:")]
    [InlineData("map", "['share:rx']", "map:")]
    [InlineData("map", "['sharing']", "map:")]
    [InlineData("map", "[{type: shares}]", "map:")]
    [InlineData("map", "[{type: share, readonly: true}]", "map:")]
    [InlineData("map", "[{type: share, path: /}]", "map:")]
    [InlineData("image", "ghcr.io/thane-telemetry/telemetry:0.1.0", "image:")]
    [InlineData("image", "ghcr.io/Thane-Telemetry/telemetry", "image:")]
    [InlineData("image", "ghcr.io/thane-telemetry/{version}-telemetry", "image:")]
    [InlineData("url", "not a url", "url:")]
    [InlineData("servics", "['mqtt:need']", "servics:")]
    [InlineData("schema.interval", "int(10,", "schema.interval:")]
    [InlineData("schema.interval", "integer", "schema.interval:")]
    [InlineData("schema.device_name", "match([a-z)", "schema.device_name:")]
    [InlineData("schema.log_level", "list(info||error)", "schema.log_level:")]
    [InlineData("schema.mqtt_port", "port??", "schema.mqtt_port:")]
    [InlineData("schema.thane_dir", "str?", "options.thane_dir:")]
    [InlineData("options.interval", "5", "options.interval:")]
    [InlineData("options.log_level", "verbose", "options.log_level:")]
    [InlineData("options.device_name", "my thane", "options.device_name:")]
    [InlineData("options.refresh", "10", "options.refresh:")]
    public void CheckManifest_OneMistake_IsReportedUnderItsKey(string path, string yamlValue, string expectedPrefix)
    {
        // Given the repository's manifest with one value replaced
        var manifest = RepositoryFiles.ReadYaml("config.yaml");
        Set(manifest, path, RepositoryFiles.ParseYaml($"value: {yamlValue}").Children[new YamlScalarNode("value")]);

        // When
        var problems = SupervisorRules.CheckManifest(manifest);

        // Then
        Assert.Contains(problems, problem => problem.StartsWith(expectedPrefix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("version")]
    [InlineData("slug")]
    [InlineData("description")]
    [InlineData("arch")]
    public void CheckManifest_RequiredKeyMissing_IsReported(string key)
    {
        // Given
        var manifest = RepositoryFiles.ReadYaml("config.yaml");
        manifest.Children.Remove(new YamlScalarNode(key));

        // When
        var problems = SupervisorRules.CheckManifest(manifest);

        // Then
        Assert.Contains($"{key}: required", problems);
    }

    [Theory]
    [InlineData("share")]
    [InlineData("share:ro")]
    [InlineData("media:rw")]
    [InlineData("{type: addon_config, read_only: false, path: /cfg}")]
    public void CheckManifest_MapForms_AreAccepted(string yamlItem)
    {
        // Given
        var manifest = RepositoryFiles.ReadYaml("config.yaml");
        Set(manifest, "map", RepositoryFiles.ParseYaml($"value: [{yamlItem}]").Children[new YamlScalarNode("value")]);

        // When
        var problems = SupervisorRules.CheckManifest(manifest);

        // Then
        Assert.Empty(problems);
    }

    [Fact]
    public void CheckTranslations_OptionWithoutTranslation_IsReported()
    {
        // Given
        var manifest = RepositoryFiles.ReadYaml("config.yaml");
        var translations = RepositoryFiles.ReadYaml("translations/en.yaml");
        Configuration(translations).Children.Remove(new YamlScalarNode("main_db"));

        // When
        var problems = SupervisorRules.CheckTranslations(manifest, translations);

        // Then
        Assert.Contains("configuration.main_db: option not translated", problems);
    }

    [Fact]
    public void CheckTranslations_TranslationOfNoOption_IsReported()
    {
        // Given a translation left behind by a renamed option
        var manifest = RepositoryFiles.ReadYaml("config.yaml");
        var translations = RepositoryFiles.ReadYaml("translations/en.yaml");
        Configuration(translations).Add("scan_interval", new YamlMappingNode { { "name", "Scan interval" }, { "description", "Old." } });

        // When
        var problems = SupervisorRules.CheckTranslations(manifest, translations);

        // Then
        Assert.Contains("configuration.scan_interval: no such option in the schema", problems);
    }

    [Fact]
    public void CheckTranslations_OptionWithoutDescription_IsReported()
    {
        // Given
        var manifest = RepositoryFiles.ReadYaml("config.yaml");
        var translations = RepositoryFiles.ReadYaml("translations/en.yaml");
        ((YamlMappingNode)Configuration(translations).Children[new YamlScalarNode("interval")]).Children.Remove(new YamlScalarNode("description"));

        // When
        var problems = SupervisorRules.CheckTranslations(manifest, translations);

        // Then
        Assert.Contains("configuration.interval.description: missing or empty", problems);
    }

    [Theory]
    [InlineData("name: Thane Telemetry", "url:")]
    [InlineData("url: https://github.com/thane-telemetry/telemetry", "name:")]
    [InlineData("name: Thane Telemetry\nurl: github.com/thane-telemetry", "url:")]
    public void CheckRepository_MissingOrBadField_IsReported(string yaml, string expectedPrefix)
    {
        // When
        var problems = SupervisorRules.CheckRepository(RepositoryFiles.ParseYaml(yaml));

        // Then
        Assert.Contains(problems, problem => problem.StartsWith(expectedPrefix, StringComparison.Ordinal));
    }

    private static YamlMappingNode Configuration(YamlMappingNode translations) =>
        (YamlMappingNode)translations.Children[new YamlScalarNode("configuration")];

    // "a.b" sets key b of mapping a.
    private static void Set(YamlMappingNode root, string path, YamlNode value)
    {
        var parts = path.Split('.');
        var mapping = root;
        foreach (var part in parts[..^1])
        {
            mapping = (YamlMappingNode)mapping.Children[new YamlScalarNode(part)];
        }

        mapping.Children[new YamlScalarNode(parts[^1])] = value;
    }
}
