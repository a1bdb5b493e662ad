using System.Globalization;
using Telemetry.Options;
using YamlDotNet.RepresentationModel;

namespace Telemetry.Tests.Packaging;

/// <summary>The manifest's options against the program: the defaults start it, and every option in the UI does something.</summary>
public sealed class ManifestOptionsTests
{
    [Fact]
    public void Parse_TheManifestsDefaultsAsOptionsJson_AreAcceptedAsWritten()
    {
        // Given options.json as the Supervisor writes it for a fresh install: the defaults, typed by the schema
        var manifest = RepositoryFiles.ReadYaml("config.yaml");
        var defaults = SupervisorRules.Defaults(manifest);
        var json = OptionsContract.DefaultsJson(defaults, SupervisorRules.Schema(manifest));

        // When
        var options = OptionsParser.Parse(json);

        // Then each default arrives as written
        Assert.False(defaults.ContainsKey("thane_dir"));
        Assert.Null(options.ThaneDir);
        Assert.Equal(defaults["device_name"], options.DeviceName);
        Assert.Equal(defaults["discovery_prefix"], options.DiscoveryPrefix);
        Assert.Equal(TimeSpan.FromSeconds(int.Parse(defaults["interval"], CultureInfo.InvariantCulture)), options.Interval);
        Assert.Equal(OptionsParser.Parse($$"""{"log_level":"{{defaults["log_level"]}}"}""").LogLevel, options.LogLevel);
    }

    [Fact]
    public void Schema_EveryRequiredKey_HasADefault()
    {
        // Given the Supervisor refuses to start an add-on with a required option unset
        var manifest = RepositoryFiles.ReadYaml("config.yaml");
        var defaults = SupervisorRules.Defaults(manifest);

        // When
        var requiredWithoutDefault = SupervisorRules.Schema(manifest)
            .Where(entry => !entry.Value.Optional && !defaults.ContainsKey(entry.Key))
            .Select(entry => entry.Key);

        // Then a fresh install starts without the user filling anything in
        Assert.Empty(requiredWithoutDefault);
    }

    [Fact]
    public void Parse_EveryKeyOfTheManifestsSchema_IsReadByTheProgram()
    {
        // Given
        var schema = SupervisorRules.Schema(RepositoryFiles.ReadYaml("config.yaml"));
        Assert.NotEmpty(schema);

        // When
        var unread = OptionsContract.UnreadKeys(schema);

        // Then
        Assert.Empty(unread);
    }

    [Fact]
    public void UnreadKeys_SchemaWithAMisspeltKey_NamesIt()
    {
        // Given the schema with one key the program does not know
        var manifest = RepositoryFiles.ReadYaml("config.yaml");
        ((YamlMappingNode)manifest.Children[new YamlScalarNode("schema")]).Add("main_database", "str?");

        // When
        var unread = OptionsContract.UnreadKeys(SupervisorRules.Schema(manifest));

        // Then
        Assert.Equal("main_database", Assert.Single(unread).Split(':')[0]);
    }

    [Theory]
    [InlineData("int(10,3600)", "10", "3600")]
    [InlineData("int(,5)", "4", "5")]
    [InlineData("float(0.5,2.5)", "0.5", "2.5")]
    [InlineData("str(2,4)", "aaaa", "bbbb")]
    [InlineData("list(trace|debug|info)", "trace", "debug")]
    [InlineData("match(^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$)", "thane", "sample")]
    [InlineData("port?", "1883", "8883")]
    [InlineData("bool", "true", "false")]
    public void Samples_Element_AreTwoValuesItAccepts(string text, string first, string second)
    {
        // Given
        var element = SchemaElement.TryParse(text, out var problem);
        Assert.Null(problem);

        // When
        var samples = element!.Samples();

        // Then
        Assert.Equal([first, second], samples);
    }
}
