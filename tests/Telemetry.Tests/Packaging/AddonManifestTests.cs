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

        // When the first released section of CHANGELOG.md (below [Unreleased])
        var changelog = ChangelogVersion().Matches(File.ReadAllText(RepositoryFiles.PathOf("CHANGELOG.md")))
            .Select(match => match.Groups["version"].Value)
            .First(version => !version.Equals("Unreleased", StringComparison.OrdinalIgnoreCase));

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

    [Theory]
    [InlineData("config.yaml", true)]
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

    [GeneratedRegex(@"^## \[(?<version>[^\]]+)\]", RegexOptions.Multiline)]
    private static partial Regex ChangelogVersion();
}
