using System.Text.RegularExpressions;
using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace Telemetry.Tests.Packaging;

/// <summary>
/// The repository's add-on files as the Supervisor reads them: a mistake here hides the add-on from the store
/// or stops it from starting, and the Supervisor only says so in its own log.
/// </summary>
public sealed partial class AddonManifestTests
{
    [Fact]
    public void ConfigYaml_AsCommitted_MeetsTheSupervisorsRules()
    {
        // Given
        var manifest = RepositoryFiles.ReadYaml("config.yaml");

        // When
        var problems = SupervisorRules.CheckManifest(manifest);

        // Then
        Assert.Empty(problems);
    }

    [Fact]
    public void ConfigYaml_Arch_IsExactlyTheSupportedArchitectures()
    {
        // Given the image is built and tested for these two (AddonImageTests)
        var manifest = RepositoryFiles.ReadYaml("config.yaml");

        // When
        var arch = ((YamlSequenceNode)manifest.Children[new YamlScalarNode("arch")])
            .Children.Select(node => ((YamlScalarNode)node).Value).Order(StringComparer.Ordinal);

        // Then
        Assert.Equal(SupervisorRules.SupportedArchitectures, arch);
    }

    [Fact]
    public void ConfigYaml_HomeAssistant_IsAtLeastTheFirstCoreWithDefaultEntityId()
    {
        // Given the discovery payload sets default_entity_id, which Core reads since 2025.10 (core PR #151775) and
        // older cores drop, and uses device-based discovery (2024.11, core PR #118757)
        var manifest = RepositoryFiles.ReadYaml("config.yaml");

        // When
        var minimum = SupervisorRules.Scalar(manifest, "homeassistant");

        // Then an older Core refuses the install instead of losing the entity ids
        Assert.NotNull(minimum);
        Assert.True(System.Version.Parse(minimum) >= new System.Version(2025, 10, 0), $"homeassistant: {minimum} is older than 2025.10.0");
    }

    [Fact]
    public void ConfigYaml_Image_IsAbsentOrTheImageTheReleaseWorkflowPublishes()
    {
        // Given the image names the release workflow publishes: a multi-arch one and one per architecture
        var workflowEnv = (YamlMappingNode)RepositoryFiles.ReadYaml(".github/workflows/release.yaml").Children[new YamlScalarNode("env")];
        var prefix = SupervisorRules.Scalar(workflowEnv, "REGISTRY_PREFIX");
        var name = SupervisorRules.Scalar(workflowEnv, "IMAGE_NAME");
        string[] published = [$"{prefix}/{name}", $"{prefix}/{{arch}}-{name}"];

        // When
        var image = SupervisorRules.Scalar(RepositoryFiles.ReadYaml("config.yaml"), "image");

        // Then without it the Supervisor builds the Dockerfile; with it, it pulls what a release published, and nothing else
        Assert.True(image is null || published.Contains(image), $"image: {image} is none of {string.Join(", ", published)}");
    }

    [Fact]
    public void BuildYaml_AsCommitted_MeetsTheSupervisorsRules()
    {
        // When
        var problems = SupervisorRules.CheckBuild(RepositoryFiles.ReadYaml("build.yaml"));

        // Then
        Assert.Empty(problems);
    }

    [Fact]
    public void BuildYaml_BuildFrom_IsTheDockerfilesDefaultForEveryArchitecture()
    {
        // Given the Dockerfile's own base, which a build without build.yaml (the release workflow's, a manual one) uses
        var dockerfile = File.ReadAllText(RepositoryFiles.PathOf("Dockerfile"));
        var defaultBase = DockerfileBuildFrom().Match(dockerfile).Groups["image"].Value;
        Assert.NotEmpty(defaultBase);
        var build = RepositoryFiles.ReadYaml("build.yaml");

        // When the Supervisor picks BUILD_FROM for each architecture of the manifest
        var bases = SupervisorRules.SupportedArchitectures.Select(arch => SupervisorRules.BuildFrom(build, arch));

        // Then it is that same multi-arch image for all of them: the Dockerfile runs it on the build machine's platform,
        // so a per-architecture image would break the cross build of the other architecture
        Assert.All(bases, image => Assert.Equal(defaultBase, image));
    }

    [Fact]
    public void TranslationsEnYaml_Configuration_NamesAndDescribesExactlyTheSchemaKeys()
    {
        // Given
        var manifest = RepositoryFiles.ReadYaml("config.yaml");
        var translations = RepositoryFiles.ReadYaml("translations/en.yaml");

        // When
        var problems = SupervisorRules.CheckTranslations(manifest, translations);

        // Then
        Assert.Empty(problems);
    }

    [Fact]
    public void RepositoryYaml_AsCommitted_HasANameAndAValidUrl()
    {
        // When
        var problems = SupervisorRules.CheckRepository(RepositoryFiles.ReadYaml("repository.yaml"));

        // Then
        Assert.Empty(problems);
    }

    [Fact]
    public void Version_OfTheManifest_EqualsTheProgramsVersionAndTheLatestChangelogEntry()
    {
        // Given
        var manifest = SupervisorRules.Scalar(RepositoryFiles.ReadYaml("config.yaml"), "version");
        var program = XDocument.Load(RepositoryFiles.PathOf("Directory.Build.props")).Descendants("Version").Single().Value;

        // When the newest section of CHANGELOG.md (a bare "## <version>" heading, as the update dialog reads them)
        var changelog = ChangelogVersion().Matches(File.ReadAllText(RepositoryFiles.PathOf("CHANGELOG.md")))
            .Select(match => match.Groups["version"].Value)
            .First();

        // Then
        Assert.Equal((manifest, manifest), (program, changelog));
    }

    [Fact]
    public void RepositoryTree_ConfigFiles_OnlyTheRootManifest()
    {
        // Given every file git has or would add
        var files = RepositoryFiles.TreeFiles();
        Assert.Contains("config.yaml", files);

        // When the ones the Supervisor's store would read as add-on manifests
        var manifests = files.Where(SupervisorRules.IsManifestCandidate);

        // Then only the root config.yaml: any other would be listed as a broken second add-on, or hide this one
        Assert.Equal(["config.yaml"], manifests);
    }

    [Fact]
    public void AddonFolder_FileNames_NoneStartsWithConfig()
    {
        // Given every file of the image's root file system overlay
        var files = RepositoryFiles.TreeFiles().Where(file => file.StartsWith("addon/", StringComparison.Ordinal)).ToList();
        Assert.Contains("addon/etc/passwd", files);

        // When the ones the store's **/config.* glob would find: addon/ is no rootfs folder, so nothing skips them there
        var configs = files.Where(file => Path.GetFileName(file).StartsWith("config.", StringComparison.Ordinal));

        // Then there are none
        Assert.Empty(configs);
    }

    [Theory]
    [InlineData("config.yaml", true)]
    [InlineData("addon/etc/config.yaml", true)]
    [InlineData("tests/fixtures/config.yml", true)]
    [InlineData("src/config.json", true)]
    [InlineData(".github/config.yaml", false)]
    [InlineData("addon/rootfs/etc/config.yaml", false)]
    [InlineData("src/appconfig.yaml", false)]
    [InlineData("src/config.toml", false)]
    public void IsManifestCandidate_Path_FollowsTheStoresGlob(string path, bool expected)
    {
        // When
        var candidate = SupervisorRules.IsManifestCandidate(path);

        // Then
        Assert.Equal(expected, candidate);
    }

    [GeneratedRegex(@"^## (?<version>\d+\.\d+\.\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ChangelogVersion();

    [GeneratedRegex(@"^ARG BUILD_FROM=(?<image>\S+)$", RegexOptions.Multiline)]
    private static partial Regex DockerfileBuildFrom();
}
