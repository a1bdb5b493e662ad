using YamlDotNet.RepresentationModel;

namespace Telemetry.IntegrationTests.Packaging;

/// <summary>
/// The Supervisor's local build of this repository for one architecture: what it runs when config.yaml has no
/// <c>image</c>, read from home-assistant/supervisor @090ef31 (2026-08-21), <c>supervisor/apps/build.py</c>
/// (<c>AppBuild.get_docker_args</c>, <c>base_image</c>, <c>_read_build_config</c>) and
/// <c>supervisor/docker/interface.py</c> (<c>MAP_ARCH</c>). BuildKit builds it since Supervisor 2025.07.0 (#5974):
/// <code>
/// docker buildx build . --tag TAG --file Dockerfile --platform linux/&lt;amd64|arm64&gt; --pull
///   --label io.hass.version=… (one per <see cref="Labels"/>)
///   --build-arg BUILD_VERSION=… --build-arg BUILD_ARCH=… [build.yaml args] [--build-arg BUILD_FROM=…]
/// </code>
/// run by the <c>docker</c> builder image against the host's engine, in the add-on's folder. BuildKit itself fills in
/// TARGETARCH, BUILDPLATFORM and the rest of its automatic platform arguments.
/// </summary>
/// <param name="Arch">The Supervisor's architecture name, <c>amd64</c> or <c>aarch64</c>.</param>
/// <param name="BuildFrom">BUILD_FROM, or null when the Supervisor passes none (no build.yaml).</param>
/// <param name="Dockerfile"><c>Dockerfile.&lt;arch&gt;</c> where the add-on has one, else <c>Dockerfile</c> (<c>get_dockerfile</c>).</param>
/// <param name="ExtraArgs">build.yaml's <c>args</c>, passed as build arguments too.</param>
internal sealed record SupervisorBuild(
    string Arch,
    string Version,
    string Dockerfile,
    string? BuildFrom,
    IReadOnlyDictionary<string, string> ExtraArgs,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>What the Supervisor passes as BUILD_FROM for a build.yaml without <c>build_from</c>.</summary>
    public const string DefaultBuildFrom = "ghcr.io/home-assistant/base:latest";

    /// <summary>The Docker platform, as <c>MAP_ARCH</c> maps the Supervisor's architecture names.</summary>
    public string Platform => PlatformOf(Arch);

    /// <summary>Every build argument, in the Supervisor's order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BuildArgs
    {
        get
        {
            List<KeyValuePair<string, string>> args = [new("BUILD_VERSION", Version), new("BUILD_ARCH", Arch), .. ExtraArgs];
            if (BuildFrom is not null)
            {
                args.Add(new("BUILD_FROM", BuildFrom));
            }

            return args;
        }
    }

    public static string PlatformOf(string arch) => arch switch
    {
        "aarch64" => "linux/arm64",
        "amd64" => "linux/amd64",
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, "the Supervisor maps only aarch64 and amd64 to a platform"),
    };

    /// <summary>Reads config.yaml and, if it is there, build.yaml of the add-on folder <paramref name="root"/>.</summary>
    public static SupervisorBuild Read(string root, string arch)
    {
        var manifest = ReadYaml(Path.Combine(root, "config.yaml"))
            ?? throw new FileNotFoundException("config.yaml not found", Path.Combine(root, "config.yaml"));
        var version = Scalar(manifest, "version") ?? throw new InvalidDataException("config.yaml has no version");

        string? buildFrom = null;
        Dictionary<string, string> args = [];
        Dictionary<string, string> extraLabels = [];
        if (ReadYaml(Path.Combine(root, "build.yaml")) is { } build)
        {
            buildFrom = Child(build, "build_from") switch
            {
                null or YamlScalarNode { Value: null or "" } => DefaultBuildFrom,
                YamlScalarNode single => single.Value,
                YamlMappingNode perArch => Scalar(perArch, arch) ?? throw new InvalidOperationException($"App is not supported on {arch}"),
                _ => throw new InvalidDataException("build.yaml: build_from must be an image or a mapping of architecture to image"),
            };
            args = StringMap(build, "args");
            extraLabels = StringMap(build, "labels");
        }

        // get_docker_args: version, arch and type first, build.yaml's labels over them, then name, description and url
        // from config.yaml (name and description without single quotes, and only when not empty).
        Dictionary<string, string> labels = new(StringComparer.Ordinal)
        {
            ["io.hass.version"] = version,
            ["io.hass.arch"] = arch,
            ["io.hass.type"] = "app",
        };
        foreach (var (key, value) in extraLabels)
        {
            labels[key] = value;
        }

        foreach (var (label, key) in new[] { ("io.hass.name", "name"), ("io.hass.description", "description") })
        {
            if ((Scalar(manifest, key) ?? "").Replace("'", "", StringComparison.Ordinal) is { Length: > 0 } text)
            {
                labels[label] = text;
            }
        }

        if (Scalar(manifest, "url") is { Length: > 0 } url)
        {
            labels["io.hass.url"] = url;
        }

        var dockerfile = File.Exists(Path.Combine(root, $"Dockerfile.{arch}")) ? $"Dockerfile.{arch}" : "Dockerfile";
        return new SupervisorBuild(arch, version, dockerfile, buildFrom, args, labels);
    }

    /// <summary>The Supervisor's command after <c>docker</c>, without the <c>--label</c> flags when <paramref name="withLabels"/> is false.</summary>
    public IReadOnlyList<string> Command(string tag, bool withLabels)
    {
        List<string> command = ["buildx", "build", ".", "--tag", tag, "--file", Dockerfile, "--platform", Platform, "--pull"];
        if (withLabels)
        {
            foreach (var (key, value) in Labels)
            {
                command.AddRange(["--label", $"{key}={value}"]);
            }
        }

        foreach (var (key, value) in BuildArgs)
        {
            command.AddRange(["--build-arg", $"{key}={value}"]);
        }

        return command;
    }

    private static YamlMappingNode? ReadYaml(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return yaml.Documents.Count > 0 ? yaml.Documents[0].RootNode as YamlMappingNode : null;
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode mapping, string key) => (Child(mapping, key) as YamlScalarNode)?.Value;

    private static Dictionary<string, string> StringMap(YamlMappingNode mapping, string key) =>
        Child(mapping, key) is YamlMappingNode map
            ? map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "", StringComparer.Ordinal)
            : [];
}
