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
    [InlineData("homeassistant", "2025.10", "homeassistant:")]
    [InlineData("homeassistant", "latest", "homeassistant:")]
    [InlineData("homeassistant", "2025.13.0", "homeassistant:")]
    [InlineData("homeassistant", "2025.10.0b1", "homeassistant:")]
    [InlineData("servics", "['mqtt:need']", "servics:")]
    [InlineData("schema.interval", "int(10,", "schema.interval:")]
    [InlineData("schema.interval", "integer", "schema.interval:")]
    [InlineData("schema.device_name", "match([a-z)", "schema.device_name:")]
    [InlineData("schema.log_level", "list(info||error)", "schema.log_level:")]
    [InlineData("schema.mqtt_port", "port??", "schema.mqtt_port:")]
    [InlineData("schema.device_name", "str?", "options.device_name:")]
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
    [InlineData("{type: app_config, read_only: false, path: /cfg}")]
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

    [Theory]
    [InlineData(null)]
    [InlineData("ghcr.io/thane-telemetry/telemetry")]
    [InlineData("ghcr.io/thane-telemetry/{arch}-telemetry")]
    public void CheckManifest_ImageAbsentOrAnUntaggedName_IsAccepted(string? image)
    {
        // Given the manifest without an image (the Supervisor builds the Dockerfile), or with a published one
        var manifest = RepositoryFiles.ReadYaml("config.yaml");
        manifest.Children.Remove(new YamlScalarNode("image"));
        if (image is not null)
        {
            manifest.Add("image", image);
        }

        // When
        var problems = SupervisorRules.CheckManifest(manifest);

        // Then
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("build_from: docker.io/library/debian:bookworm-slim")]
    [InlineData("build_from: {aarch64: ghcr.io/home-assistant/aarch64-base:3.23, amd64: ghcr.io/home-assistant/amd64-base:3.23}")]
    [InlineData("build_from: docker.io/library/debian:bookworm-slim\nargs: {TEMPIO_VERSION: '2021.09.0'}\nlabels: {org.example: x}")]
    public void CheckBuild_ValidForms_AreAccepted(string yaml)
    {
        // When
        var problems = SupervisorRules.CheckBuild(RepositoryFiles.ParseYaml(yaml));

        // Then
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("args: {}", "build_from:")]
    [InlineData("build_from: debian bookworm", "build_from:")]
    [InlineData("build_from: {x86_64: docker.io/library/debian:bookworm-slim}", "build_from:")]
    [InlineData("build_from: {amd64: [docker.io/library/debian]}", "build_from.amd64:")]
    [InlineData("build_from: docker.io/library/debian:bookworm-slim\nsquash: true", "squash:")]
    [InlineData("build_from: docker.io/library/debian:bookworm-slim\nargs: [a]", "args:")]
    [InlineData("build_from: docker.io/library/debian:bookworm-slim\nbuild_args: {a: b}", "build_args:")]
    public void CheckBuild_OneMistake_IsReportedUnderItsKey(string yaml, string expectedPrefix)
    {
        // When
        var problems = SupervisorRules.CheckBuild(RepositoryFiles.ParseYaml(yaml));

        // Then
        Assert.Contains(problems, problem => problem.StartsWith(expectedPrefix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("build_from: docker.io/library/debian:bookworm-slim", "aarch64", "docker.io/library/debian:bookworm-slim")]
    [InlineData("build_from: {aarch64: a/b:1, amd64: a/c:1}", "aarch64", "a/b:1")]
    [InlineData("build_from: {aarch64: a/b:1, amd64: a/c:1}", "amd64", "a/c:1")]
    [InlineData("args: {}", "amd64", SupervisorRules.DefaultBuildFrom)]
    public void BuildFrom_BuildYaml_IsWhatTheSupervisorPassesAsBuildFrom(string yaml, string arch, string expected)
    {
        // When
        var buildFrom = SupervisorRules.BuildFrom(RepositoryFiles.ParseYaml(yaml), arch);

        // Then
        Assert.Equal(expected, buildFrom);
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
