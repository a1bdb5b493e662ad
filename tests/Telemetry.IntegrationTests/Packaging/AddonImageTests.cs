using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telemetry.HomeAssistant;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.IntegrationTests.Reliability;
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
    private const string ProgramFolder = "/opt/thane-telemetry";
    private const string Program = ProgramFolder + "/thane-telemetry";
    private const string Sqlite = ProgramFolder + "/libe_sqlite3.so";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private const UnixFileMode ReadableByAll =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static readonly YamlMappingNode Manifest = ReadManifest();

    // Per architecture: the ELF machine, the loader the program must name (glibc's for the target: the kernel starts
    // the program through it) and Debian's multiarch folder, where the loader looks first.
    private static readonly Dictionary<string, Target> Targets = new(StringComparer.Ordinal)
    {
        ["amd64"] = new(ElfFile.X86_64, "/lib64/ld-linux-x86-64.so.2", "x86_64-linux-gnu"),
        ["aarch64"] = new(ElfFile.AArch64, "/lib/ld-linux-aarch64.so.1", "aarch64-linux-gnu"),
    };

    // Every .NET apphost, the launcher of a framework-dependent program and of a single-file bundle alike, carries this
    // marker (the SHA-256 of ".net core bundle\n", dotnet/runtime src/native/corehost/apphost/bundle_marker.cpp),
    // preceded by the offset of the bundle it would open. A NativeAOT executable has no apphost and no bundle.
    private static readonly byte[] BundleMarker =
    [
        0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
        0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
    ];

    // The files a JIT-compiled .NET program would need: none of them may be in the image.
    private static readonly string[] RuntimeFiles = ["libcoreclr.so", "libclrjit.so", "libhostfxr.so", "libhostpolicy.so", "System.Private.CoreLib.dll"];

    // What is loaded while the program runs, not at its start (dlopen, so no DT_NEEDED names them): OpenSSL by .NET's
    // cryptography for TLS to the broker and HTTPS, and libgcc_s by glibc to unwind a thread that is cancelled.
    private static readonly string[] LoadedAtRunTime = ["libssl.so.3", "libgcc_s.so.1"];

    [Fact]
    public async Task AddonImage_BuildAmd64_HasTheSupervisorsLabelsAndAnAmd64Program()
    {
        // When
        var image = await builds.Amd64;
        await ReportAsync(image);

        // Then
        await AssertLabelsAsync(image);
        await AssertProgramIsForAsync(image, ElfFile.X86_64);
    }

    [Fact]
    public async Task AddonImage_BuildArm64_HasTheSupervisorsLabelsAndAnAArch64Program()
    {
        // When
        var image = await builds.Arm64;
        await ReportAsync(image);

        // Then
        await AssertLabelsAsync(image);
        await AssertProgramIsForAsync(image, ElfFile.AArch64);
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

    [Theory]
    [InlineData("amd64")]
    [InlineData("aarch64")]
    public async Task AddonImage_Build_ShipsANativeExecutableEverythingItLoadsAndNoDotnetRuntime(string arch)
    {
        // Given the target's machine, loader and library folder
        var target = Targets[arch];

        // When the image is built
        var image = await builds.For(arch);
        var files = await ImageFiles.ExportAsync(AddonImageBuilds.Cli, image.Tag,
            path => path.StartsWith(ProgramFolder + "/", StringComparison.Ordinal) || IsLibrary(path));

        // Then the program's folder holds the executable and SQLite's library, and no .NET runtime is anywhere
        Assert.Equal([Sqlite, Program], files.Files.Where(path => path.StartsWith(ProgramFolder + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(files.Files, path => path.EndsWith(".dll", StringComparison.Ordinal) || RuntimeFiles.Contains(Path.GetFileName(path)));

        // And the executable is compiled ahead of time (NativeAOT puts its code in __managedcode), not an apphost
        var bytes = files.Read(Program);
        var program = ElfFile.Read(bytes);
        Assert.Contains("__managedcode", program.Sections);
        Assert.True(bytes.AsSpan().IndexOf(BundleMarker) < 0, "the program carries the apphost's bundle marker: it is a .NET launcher, not a native executable");

        // And it names the target's loader, and the loader finds, for the target's machine, every library that the
        // program, SQLite and what they load need, with every symbol version they need from it (an executable linked
        // against a newer glibc than the image's would fail here, before it fails to start on a Raspberry Pi)
        Assert.Equal(target.Interpreter, program.Interpreter);
        var loaded = new Dictionary<string, ElfFile>(StringComparer.Ordinal);
        AssertLoadable(files, target, Program, program, loaded);
        AssertLoadable(files, target, Sqlite, ElfFile.Read(files.Read(Sqlite)), loaded);
        foreach (var library in LoadedAtRunTime)
        {
            var path = FindLibrary(files, target, library);
            AssertLoadable(files, target, path, ElfFile.Read(files.Read(path)), loaded);
        }

        output.WriteLine($"{arch}: loader {program.Interpreter}; libraries found with every version needed: {string.Join(", ", loaded.Keys.Concat(LoadedAtRunTime).Order(StringComparer.Ordinal))}");
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
            var started = Stopwatch.StartNew();
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

            // (For the record, not a promise: the add-on's availability comes after every state of the first publish, so
            // this is the start-up time as a Home Assistant user sees it, and the process's resident memory then.)
            var firstStates = started.Elapsed;
            output.WriteLine($"every state on the broker {firstStates.TotalSeconds:F2} s after `docker run`; resident {await ResidentMegabytesAsync(container):F1} MB");

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

    // VmRSS of the program in the container, as the engine's host sees it (`docker top` runs ps there), in MB.
    private static async Task<double> ResidentMegabytesAsync(string container)
    {
        var table = await AddonImageBuilds.Cli.RunAsync(Bound, "top", container, "-o", "pid,rss,args");
        var line = table.Split('\n').Single(line => line.Contains(Program, StringComparison.Ordinal) && !line.Contains("docker-init", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
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
                ["io.hass.version"] = Scalar("version"),
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

        var program = ElfFile.Read(files.Read(Program));
        Assert.Equal(machine, program.Machine);
        Assert.Equal(machine, ElfFile.Read(files.Read(Sqlite)).Machine);
        Assert.NotNull(program.Interpreter);
        Assert.True(files.Exists(program.Interpreter), $"the program's loader {program.Interpreter} is not in the image");
        Assert.Equal(machine, ElfFile.Read(files.Read(program.Interpreter)).Machine);
    }

    // What the dynamic loader does before main: each DT_NEEDED soname, searched in the target's multiarch folders and
    // then /lib and /usr/lib (the image has no ld.so.cache), must be an ELF file for the target's machine that defines
    // every symbol version the file needing it asks for; and so on for what that library needs.
    private static void AssertLoadable(ImageFiles files, Target target, string path, ElfFile file, Dictionary<string, ElfFile> loaded)
    {
        Assert.True(file.Machine == target.Machine, $"{path} is for ELF machine 0x{file.Machine:X}, not 0x{target.Machine:X}");
        foreach (var soname in file.Needed.Where(soname => !loaded.ContainsKey(soname)))
        {
            var libraryPath = FindLibrary(files, target, soname);
            var library = ElfFile.Read(files.Read(libraryPath));
            loaded[soname] = library;
            AssertLoadable(files, target, libraryPath, library, loaded);
        }

        foreach (var (soname, versions) in file.NeededVersions)
        {
            Assert.True(loaded.TryGetValue(soname, out var library), $"{path} needs symbol versions from {soname}, which it does not load");
            var missing = versions.Where(version => !library.DefinedVersions.Contains(version)).ToList();
            Assert.True(missing.Count == 0, $"{path} needs {string.Join(", ", missing)} from {soname}, which the image's {soname} does not define");
        }
    }

    private static string FindLibrary(ImageFiles files, Target target, string soname) =>
        new[] { $"/lib/{target.MultiarchFolder}", $"/usr/lib/{target.MultiarchFolder}", "/lib", "/usr/lib" }
            .Select(folder => $"{folder}/{soname}")
            .FirstOrDefault(files.Exists)
        ?? throw new FileNotFoundException($"{soname} is not in the image's library folders", soname);

    // Shared libraries and the loader, in the folders the loader searches: their content is read, the rest only listed.
    private static bool IsLibrary(string path) =>
        (path.StartsWith("/lib", StringComparison.Ordinal) || path.StartsWith("/usr/lib/", StringComparison.Ordinal))
        && Path.GetFileName(path).Contains(".so", StringComparison.Ordinal);

    private static string Scalar(string key, string? defaultValue = null) =>
        Manifest.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? ((YamlScalarNode)node).Value!
            : defaultValue ?? throw new KeyNotFoundException($"config.yaml has no {key}");

    private sealed record Target(ushort Machine, string Interpreter, string MultiarchFolder);

    private static YamlMappingNode ReadManifest()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "config.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
