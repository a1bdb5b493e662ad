using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telemetry.HomeAssistant;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.IntegrationTests.Reliability;
using Telemetry.Options;
using Telemetry.Testing;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Telemetry.IntegrationTests.Packaging;

/// <summary>
/// The real Dockerfile, built for both architectures with the Supervisor's build command (<see cref="AddonImageBuilds"/>
/// says exactly how, and where this machine differs), and the amd64 image started as the Supervisor starts it. Serial: a
/// build keeps both cores busy for minutes.
/// </summary>
[Collection(SerialTests.Name)]
public sealed class AddonImageTests(AddonImageBuilds builds, MosquittoBroker broker, ITestOutputHelper output)
    : IClassFixture<AddonImageBuilds>, IClassFixture<MosquittoBroker>
{
    private const string Program = "/opt/thane-telemetry/thane-telemetry";
    private const string Sqlite = "/opt/thane-telemetry/libe_sqlite3.so";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private const UnixFileMode ReadableByAll =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static readonly YamlMappingNode Manifest = ReadManifest();

    [Fact]
    public async Task AddonImage_BuildAmd64_HasTheSupervisorsLabelsAndAnAmd64Program()
    {
        // When
        var image = await builds.Amd64;
        await ReportAsync(image);

        // Then
        await AssertLabelsAsync(image);
        await AssertProgramIsForAsync(image, ElfHeader.X86_64);
    }

    [Fact]
    public async Task AddonImage_BuildArm64_HasTheSupervisorsLabelsAndAnAArch64Program()
    {
        // When
        var image = await builds.Arm64;
        await ReportAsync(image);

        // Then
        await AssertLabelsAsync(image);
        await AssertProgramIsForAsync(image, ElfHeader.AArch64);
    }

    [Theory]
    [InlineData("amd64")]
    [InlineData("aarch64")]
    public async Task AddonImage_Build_CarriesTheAddonFolderAsItsOwnFiles(string arch)
    {
        // Given the files of addon/, the image's root file system overlay
        var addon = Path.Combine(RepositoryRoot.Path, "addon");
        var overlay = Directory.EnumerateFiles(addon, "*", SearchOption.AllDirectories)
            .ToDictionary(file => "/" + Path.GetRelativePath(addon, file).Replace(Path.DirectorySeparatorChar, '/'), StringComparer.Ordinal);
        Assert.Contains("/etc/passwd", overlay.Keys);

        // When the image is built
        var image = await builds.For(arch);
        var files = await ImageFiles.ExportAsync(AddonImageBuilds.Cli, image.Tag, overlay.ContainsKey);

        // Then each is there, byte for byte, readable by every user and writable by none but root
        foreach (var (path, source) in overlay)
        {
            Assert.Equal(File.ReadAllBytes(source), files.Read(path));
            Assert.Equal(ReadableByAll, files.ModeOf(path));
        }
    }

    [Fact]
    public async Task AddonImage_RunAmd64LikeTheSupervisor_PublishesDiscoveryAndStatesAndStopsWithOfflineAndExitZero()
    {
        // Given the image, an agent's directory, and /data/options.json as the Supervisor writes it
        var image = await builds.Amd64;
        await using var agent = await SeededAgent.CreateAsync();
        var device = "image" + Guid.NewGuid().ToString("N")[..10];
        var topics = new Topics("homeassistant", device);
        var data = Directory.CreateTempSubdirectory("thane-addon-data-");
        File.WriteAllText(Path.Combine(data.FullName, "options.json"), new JsonObject
        {
            ["thane_dir"] = "/share/thane",
            ["agent_url"] = agent.Api.BaseUrl.ToString(),
            ["device_name"] = device,
            ["discovery_prefix"] = "homeassistant",
            ["interval"] = 10,
            ["log_level"] = "info",
            // The container shares the host's network, where the test broker's port is published on loopback.
            ["mqtt_host"] = "127.0.0.1",
            ["mqtt_port"] = broker.Port,
        }.ToJsonString());
        // The Supervisor makes a new token of 56 random bytes for every start.
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(56));
        var container = "thane-telemetry-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await probe.SubscribeAsync(topics.Discovery);
        await probe.SubscribeAsync($"{topics.Base}/#");

        try
        {
            // When it is started as the Supervisor starts it: with Docker's init if config.yaml's `init` says so (its
            // default is true), /data, the share mapping read-only, and the Supervisor's environment
            string[] init = Scalar("init", "true") == "true" ? ["--init"] : [];
            await AddonImageBuilds.Cli.RunAsync(Bound,
            [
                "run", "--detach", "--name", container, .. init, "--network", "host",
                "--volume", $"{data.FullName}:/data",
                "--volume", $"{agent.Directory.Root}:/share/thane:ro",
                "--env", $"SUPERVISOR_TOKEN={token}",
                "--env", $"HASSIO_TOKEN={token}",
                "--env", "TZ=Europe/Amsterdam",
                image.Tag,
            ]);

            // Then Home Assistant gets a valid discovery payload, the agent's figures and the loop from its API
            var discovery = await WaitAsync(probe, container, m => m.Topic == topics.Discovery);
            Assert.Empty(HomeAssistantRules.Check(discovery.Topic, discovery.Payload));
            await WaitAsync(probe, container, m => m.Topic == topics.State("active_sessions") && m.Payload == "3");
            await WaitAsync(probe, container, m => m.Topic == topics.State("tokens_24h_input") && m.Payload == "1500");
            await WaitAsync(probe, container, m => m.Topic == topics.State("loop_core_state") && m.Payload == "pending");
            await WaitAsync(probe, container, m => m.Topic == topics.Availability && m.Payload == "online");

            // When the Supervisor stops it: SIGTERM, then SIGKILL after config.yaml's timeout
            var timeout = int.Parse(Scalar("timeout", "10"), CultureInfo.InvariantCulture);
            var stopping = Stopwatch.StartNew();
            await AddonImageBuilds.Cli.RunAsync(TimeSpan.FromSeconds(timeout) + Bound, "stop", "--time", timeout.ToString(CultureInfo.InvariantCulture), container);
            output.WriteLine($"stopped in {stopping.Elapsed.TotalSeconds:F1} s");

            // Then it leaves offline retained and exits 0 (143 would be an unhandled SIGTERM, 137 a kill)
            await using var late = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
            await late.SubscribeAsync(topics.Availability);
            var availability = await late.WaitForAsync(m => m.Topic == topics.Availability && m.Payload == "offline", Bound);
            Assert.True(availability.Retain);
            var exitCode = await AddonImageBuilds.Cli.RunAsync(Bound, "inspect", "--format", "{{.State.ExitCode}}", container);
            Assert.Equal("0", exitCode.Trim());

            // And the Supervisor's token is in no log line
            var logs = await AddonImageBuilds.Cli.TryRunAsync(Bound, "logs", container);
            Assert.NotEmpty(logs.Output + logs.Errors);
            Assert.DoesNotContain(token, logs.Output + logs.Errors, StringComparison.Ordinal);
        }
        finally
        {
            await AddonImageBuilds.Cli.TryRunAsync(Bound, "rm", "--force", container);
            data.Delete(recursive: true);
        }
    }

    // On a timeout, the container's log says why nothing arrived.
    private static async Task<MqttMessageRecord> WaitAsync(MqttProbe probe, string container, Func<MqttMessageRecord, bool> predicate)
    {
        try
        {
            return await probe.WaitForAsync(predicate, Bound);
        }
        catch (TimeoutException ex)
        {
            var logs = await AddonImageBuilds.Cli.TryRunAsync(Bound, "logs", container);
            throw new TimeoutException($"{ex.Message}\ncontainer log:\n{logs.Output}{logs.Errors}", ex);
        }
    }

    private async Task ReportAsync(AddonImage image)
    {
        var size = await AddonImageBuilds.Cli.RunAsync(Bound, "image", "inspect", "--format", "{{.Size}}", image.Tag);
        output.WriteLine(image.Command);
        output.WriteLine($"{image.Tag}: built in {image.BuildTime.TotalSeconds:F0} s, {long.Parse(size.Trim(), CultureInfo.InvariantCulture) / 1e6:F1} MB");
    }

    // The io.hass labels, from the Dockerfile alone (the build passes no --label), must be the ones the Supervisor's
    // local build adds (version, arch, type, and name, description and url from config.yaml): a published image has
    // only the Dockerfile's. The Supervisor's list is checked against the manifest too, so that a mistake in
    // SupervisorBuild cannot make both sides agree on a wrong value.
    private static async Task AssertLabelsAsync(AddonImage image)
    {
        var json = await AddonImageBuilds.Cli.RunAsync(Bound, "image", "inspect", "--format", "{{json .Config.Labels}}", image.Tag);
        var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
        var supervisors = SupervisorBuild.Read(RepositoryRoot.Path, image.Arch).Labels;
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["io.hass.arch"] = image.Arch,
                ["io.hass.version"] = ManifestDefaults.Version,
                ["io.hass.type"] = "app",
                ["io.hass.name"] = Scalar("name"),
                ["io.hass.description"] = Scalar("description"),
                ["io.hass.url"] = Scalar("url"),
            },
            supervisors);
        Assert.Equal(supervisors, labels.Where(label => label.Key.StartsWith("io.hass.", StringComparison.Ordinal)).ToDictionary());
    }

    // The program, SQLite's native library and the dynamic loader the program names must all be for the target:
    // the image is cross-built, so nothing else would notice an amd64 file in the arm64 image before a Raspberry Pi does.
    private static async Task AssertProgramIsForAsync(AddonImage image, ushort machine)
    {
        var files = await ImageFiles.ExportAsync(AddonImageBuilds.Cli, image.Tag,
            path => path is Program or Sqlite || Path.GetFileName(path).StartsWith("ld-linux", StringComparison.Ordinal));

        var program = ElfHeader.Read(files.Read(Program));
        Assert.Equal(machine, program.Machine);
        Assert.Equal(machine, ElfHeader.Read(files.Read(Sqlite)).Machine);
        Assert.NotNull(program.Interpreter);
        Assert.True(files.Exists(program.Interpreter), $"the program's loader {program.Interpreter} is not in the image");
        Assert.Equal(machine, ElfHeader.Read(files.Read(program.Interpreter)).Machine);
    }

    private static string Scalar(string key, string? defaultValue = null) =>
        Manifest.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? ((YamlScalarNode)node).Value!
            : defaultValue ?? throw new KeyNotFoundException($"config.yaml has no {key}");

    private static YamlMappingNode ReadManifest()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "config.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
