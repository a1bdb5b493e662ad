using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Telemetry.Tests.Packaging;

/// <summary>
/// The Supervisor's rules for an add-on repository's files, as far as this add-on uses them
/// (shared/reference/home-assistant-addon-and-mqtt.md §1; home-assistant/supervisor @090ef31:
/// supervisor/apps/validate.py, options.py, build.py, store/).
/// A manifest that breaks one is not listed in the store, or fails to start; the Supervisor only logs it.
/// </summary>
/// <remarks>Stricter than the Supervisor where it merely warns: deprecated 32-bit architectures and keys it would drop are problems here.</remarks>
internal static partial class SupervisorRules
{
    public static readonly string[] RequiredKeys = ["name", "version", "slug", "description", "arch"];

    public static readonly string[] SupportedArchitectures = ["aarch64", "amd64"];

    /// <summary>What the Supervisor passes as BUILD_FROM when build.yaml exists without build_from.</summary>
    public const string DefaultBuildFrom = "ghcr.io/home-assistant/base:latest";

    private static readonly string[] DeprecatedArchitectures = ["armhf", "armv7", "i386"];

    private static readonly string[] Startups = ["initialize", "system", "services", "application", "once"];

    private static readonly string[] Boots = ["auto", "manual", "manual_only"];

    private static readonly string[] MapTypes =
    [
        "data", "config", "ssl", "local_apps", "addons", "backup", "share", "media", "homeassistant_config",
        "all_app_configs", "all_addon_configs", "app_config", "addon_config",
    ];

    private static readonly string[] MapKeys = ["type", "read_only", "path"];

    // SCHEMA_BUILD_CONFIG's keys (ARCH_ALL_COMPAT for build_from's mapping); any other key is dropped.
    private static readonly string[] BuildKeys = ["build_from", "squash", "args", "labels"];

    private static readonly string[] CompatibleArchitectures = ["aarch64", "amd64", "armhf", "armv7", "i386"];

    private static readonly string[] TranslationFields = ["name", "description"];

    // _SCHEMA_APP_CONFIG; any other key is dropped without a word (extra=REMOVE_EXTRA), so a misspelt key is lost.
    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "name", "version", "slug", "description", "arch", "machine", "url", "startup", "boot", "init", "advanced", "stage",
        "ports", "ports_description", "watchdog", "webui", "ingress", "ingress_port", "ingress_entry", "ingress_stream",
        "panel_icon", "panel_title", "panel_admin", "homeassistant", "host_network", "host_pid", "host_ipc", "host_uts",
        "host_dbus", "devices", "udev", "tmpfs", "map", "environment", "privileged", "apparmor", "full_access", "audio",
        "video", "gpio", "usb", "uart", "devicetree", "kernel_modules", "realtime", "hassio_api", "hassio_role",
        "homeassistant_api", "stdin", "legacy", "docker_api", "auth_api", "services", "discovery", "backup_exclude",
        "backup_pre", "backup_post", "restore_pre", "restore_post", "backup", "options", "schema", "image", "ulimits",
        "timeout", "journald", "breaking_versions",
    };

    [GeneratedRegex("^[-_.A-Za-z0-9]+$")]
    private static partial Regex Slug();

    [GeneratedRegex("^(?:mqtt|mysql):(?:provide|want|need)$")]
    private static partial Regex Service();

    [GeneratedRegex("^(?<type>[a-z_]+)(?::(?:rw|ro))?$")]
    private static partial Regex MapString();

    // supervisor/validate.py docker_image: registry and path components, then name, and no ":tag".
    [GeneratedRegex(@"^([a-zA-Z\-\.:\d{}]+/)*?([\-\w{}]+)/([\-\w{}]+)$", RegexOptions.ECMAScript)]
    private static partial Regex DockerImage();

    [GeneratedRegex("{[^}]*}")]
    private static partial Regex Placeholder();

    // supervisor/apps/validate.py RE_DOCKER_IMAGE_BUILD: build.yaml's build_from may carry a tag.
    [GeneratedRegex(@"^([a-zA-Z\-\.:\d{}]+/)*?([\-\w{}]+)/([\-\w{}]+)(:[\.\-\w{}]+)?$", RegexOptions.ECMAScript)]
    private static partial Regex DockerImageBuild();

    // A released Core: year, month, patch. AwesomeVersion takes any text and the Supervisor ignores a minimum it cannot
    // compare, so a typo here would let any Core install the add-on.
    [GeneratedRegex(@"^20\d{2}\.(?:[1-9]|1[0-2])\.(?:0|[1-9]\d*)$")]
    private static partial Regex CoreVersion();

    /// <summary>Problems of <c>config.yaml</c>, each naming its key; empty when the Supervisor would list and start the add-on.</summary>
    public static IReadOnlyList<string> CheckManifest(YamlMappingNode manifest)
    {
        var problems = new List<string>();
        foreach (var key in RequiredKeys.Where(key => Child(manifest, key) is null or YamlScalarNode { Value: null or "" }))
        {
            problems.Add($"{key}: required");
        }

        foreach (var key in manifest.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).Where(k => !KnownKeys.Contains(k)))
        {
            problems.Add($"{key}: not a key the Supervisor knows; it would be dropped silently");
        }

        if (Scalar(manifest, "slug") is { } slug && !Slug().IsMatch(slug))
        {
            problems.Add($"slug: '{slug}' does not match ^[-_.A-Za-z0-9]+$");
        }

        CheckArch(manifest, problems);
        CheckEnum(manifest, "startup", Startups, problems);
        CheckEnum(manifest, "boot", Boots, problems);
        if (Child(manifest, "init") is { } init && init is not YamlScalarNode { Value: "true" or "false" })
        {
            problems.Add("init: must be true or false");
        }

        if (Child(manifest, "timeout") is { } timeout &&
            !(timeout is YamlScalarNode { Value: { } seconds } && int.TryParse(seconds, out var t) && t is >= 10 and <= 300))
        {
            problems.Add("timeout: must be a whole number of seconds from 10 to 300");
        }

        if (Child(manifest, "url") is { } url && !IsHttpUrl((url as YamlScalarNode)?.Value))
        {
            problems.Add("url: not an absolute http(s) URL");
        }

        if (Child(manifest, "homeassistant") is { } minimum && !(minimum is YamlScalarNode { Value: { } core } && CoreVersion().IsMatch(core)))
        {
            problems.Add("homeassistant: must be a Home Assistant Core release YYYY.M.P (a two-part 2025.10, unquoted, is the number 2025.1)");
        }

        CheckServices(manifest, problems);
        CheckMap(manifest, problems);
        CheckImage(manifest, problems);
        var schema = CheckSchema(manifest, problems);
        CheckOptions(manifest, schema, problems);
        return problems;
    }

    /// <summary>Problems of <c>translations/en.yaml</c>: every schema key named and described, and no other.</summary>
    public static IReadOnlyList<string> CheckTranslations(YamlMappingNode manifest, YamlMappingNode translations)
    {
        var problems = new List<string>();
        foreach (var key in Keys(translations).Where(key => key is not ("configuration" or "network")))
        {
            problems.Add($"{key}: not a translations section (configuration, network)");
        }

        var schemaKeys = Child(manifest, "schema") is YamlMappingNode schema ? Keys(schema).ToHashSet(StringComparer.Ordinal) : [];
        if (Child(translations, "configuration") is not YamlMappingNode configuration)
        {
            problems.Add("configuration: missing");
            return problems;
        }

        var translated = Keys(configuration).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(schemaKeys.Except(translated).Select(key => $"configuration.{key}: option not translated"));
        problems.AddRange(translated.Except(schemaKeys).Select(key => $"configuration.{key}: no such option in the schema"));
        foreach (var (keyNode, value) in configuration.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            if (value is not YamlMappingNode entry)
            {
                problems.Add($"configuration.{key}: expected name and description");
                continue;
            }

            foreach (var field in TranslationFields.Where(field => Scalar(entry, field) is null or ""))
            {
                problems.Add($"configuration.{key}.{field}: missing or empty");
            }

            foreach (var extra in Keys(entry).Where(k => k is not ("name" or "description" or "fields")))
            {
                problems.Add($"configuration.{key}.{extra}: not a translation field");
            }
        }

        return problems;
    }

    /// <summary>
    /// Problems of <c>build.yaml</c> as the Supervisor reads it for a local build (SCHEMA_BUILD_CONFIG, and
    /// AppBuild._read_build_config in build.py). An invalid file is not an error there: the Supervisor logs it and
    /// builds with the defaults, so a mistake would quietly change the base image.
    /// </summary>
    public static IReadOnlyList<string> CheckBuild(YamlMappingNode build)
    {
        var problems = new List<string>();
        problems.AddRange(Keys(build).Where(key => !BuildKeys.Contains(key)).Select(key => $"{key}: not a build.yaml key; the Supervisor drops it"));
        switch (Child(build, "build_from"))
        {
            case null:
            case YamlScalarNode { Value: null or "" }:
                problems.Add($"build_from: missing; with build.yaml present the Supervisor passes {DefaultBuildFrom} as BUILD_FROM");
                break;
            case YamlScalarNode { Value: { } image }:
                if (!DockerImageBuild().IsMatch(image))
                {
                    problems.Add($"build_from: '{image}' is not an image name");
                }

                break;
            case YamlMappingNode perArch:
                foreach (var (keyNode, value) in perArch.Children)
                {
                    var arch = (keyNode as YamlScalarNode)?.Value ?? "";
                    if (!CompatibleArchitectures.Contains(arch))
                    {
                        problems.Add($"build_from: '{arch}' is not an architecture");
                    }

                    if (value is not YamlScalarNode { Value: { } image } || !DockerImageBuild().IsMatch(image))
                    {
                        problems.Add($"build_from.{arch}: not an image name");
                    }
                }

                break;
            default:
                problems.Add("build_from: must be an image, or a mapping of architecture to image");
                break;
        }

        if (Child(build, "squash") is YamlScalarNode { Value: "true" })
        {
            problems.Add("squash: BuildKit cannot squash; the Supervisor ignores it with a warning");
        }

        foreach (var key in new[] { "args", "labels" })
        {
            if (Child(build, key) is { } map && !(map is YamlMappingNode mapping && mapping.Children.Values.All(v => v is YamlScalarNode)))
            {
                problems.Add($"{key}: must be a mapping of names to text");
            }
        }

        return problems;
    }

    /// <summary>
    /// The BUILD_FROM the Supervisor passes for <paramref name="arch"/> (AppBuild.base_image): build_from itself, or its
    /// entry for the architecture; the default base when build_from is missing.
    /// </summary>
    public static string? BuildFrom(YamlMappingNode build, string arch) => Child(build, "build_from") switch
    {
        null or YamlScalarNode { Value: null or "" } => DefaultBuildFrom,
        YamlScalarNode image => image.Value,
        YamlMappingNode perArch => Scalar(perArch, arch),
        _ => null,
    };

    /// <summary>Problems of <c>repository.yaml</c>: a name, and a valid URL.</summary>
    public static IReadOnlyList<string> CheckRepository(YamlMappingNode repository)
    {
        var problems = new List<string>();
        if (Scalar(repository, "name") is null or "")
        {
            problems.Add("name: required");
        }

        if (!IsHttpUrl(Scalar(repository, "url")))
        {
            problems.Add("url: missing or not an absolute http(s) URL");
        }

        if (Child(repository, "maintainer") is { } maintainer && maintainer is not YamlScalarNode)
        {
            problems.Add("maintainer: must be text");
        }

        return problems;
    }

    /// <summary>
    /// Whether the Supervisor's store would take <paramref name="relativePath"/> for an add-on manifest: it globs
    /// <c>**/config.*</c> with a json, yaml or yml suffix and skips paths with a part that starts with '.' or is <c>rootfs</c>.
    /// </summary>
    public static bool IsManifestCandidate(string relativePath)
    {
        var parts = relativePath.Split('/');
        return parts[^1] is "config.json" or "config.yaml" or "config.yml"
            && !parts[..^1].Any(part => part.StartsWith('.') || part == "rootfs");
    }

    /// <summary>The schema's scalar elements by option key; throws if one is not in the grammar.</summary>
    public static IReadOnlyDictionary<string, SchemaElement> Schema(YamlMappingNode manifest)
    {
        var problems = new List<string>();
        var schema = CheckSchema(manifest, problems);
        return problems.Count == 0 ? schema : throw new InvalidDataException(string.Join("; ", problems));
    }

    /// <summary>The <c>options</c> defaults as scalar text by key.</summary>
    public static IReadOnlyDictionary<string, string> Defaults(YamlMappingNode manifest) =>
        Child(manifest, "options") is YamlMappingNode options
            ? options.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => (e.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public static string? Scalar(YamlMappingNode mapping, string key) => (Child(mapping, key) as YamlScalarNode)?.Value;

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static IEnumerable<string> Keys(YamlMappingNode mapping) =>
        mapping.Children.Keys.Select(key => (key as YamlScalarNode)?.Value ?? "");

    private static bool IsHttpUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    private static void CheckArch(YamlMappingNode manifest, List<string> problems)
    {
        if (Child(manifest, "arch") is not { } node)
        {
            return;
        }

        if (node is not YamlSequenceNode { Children.Count: > 0 } arch)
        {
            problems.Add("arch: must be a non-empty list");
            return;
        }

        foreach (var value in arch.Children.Select(item => (item as YamlScalarNode)?.Value ?? ""))
        {
            if (DeprecatedArchitectures.Contains(value))
            {
                problems.Add($"arch: '{value}' is a deprecated 32-bit architecture (Home Assistant dropped 32-bit support)");
            }
            else if (!SupportedArchitectures.Contains(value))
            {
                problems.Add($"arch: '{value}' is not one of {string.Join(", ", SupportedArchitectures)}");
            }
        }
    }

    private static void CheckEnum(YamlMappingNode manifest, string key, string[] allowed, List<string> problems)
    {
        if (Child(manifest, key) is { } node && !allowed.Contains((node as YamlScalarNode)?.Value))
        {
            problems.Add($"{key}: must be one of {string.Join(", ", allowed)}");
        }
    }

    private static void CheckServices(YamlMappingNode manifest, List<string> problems)
    {
        if (Child(manifest, "services") is not { } node)
        {
            return;
        }

        if (node is not YamlSequenceNode services)
        {
            problems.Add("services: must be a list");
            return;
        }

        foreach (var value in services.Children.Select(item => (item as YamlScalarNode)?.Value ?? "").Where(v => !Service().IsMatch(v)))
        {
            problems.Add($"services: '{value}' does not match (mqtt|mysql):(provide|want|need)");
        }
    }

    private static void CheckMap(YamlMappingNode manifest, List<string> problems)
    {
        if (Child(manifest, "map") is not { } node)
        {
            return;
        }

        if (node is not YamlSequenceNode map)
        {
            problems.Add("map: must be a list");
            return;
        }

        foreach (var item in map.Children)
        {
            switch (item)
            {
                case YamlScalarNode { Value: { } text }:
                    if (MapString().Match(text) is not { Success: true } match || !MapTypes.Contains(match.Groups["type"].Value))
                    {
                        problems.Add($"map: '{text}' is not type[:rw|:ro] with type one of {string.Join(", ", MapTypes)}");
                    }

                    break;
                case YamlMappingNode entry:
                    if (!MapTypes.Contains(Scalar(entry, "type")))
                    {
                        problems.Add($"map: type '{Scalar(entry, "type")}' is not one of {string.Join(", ", MapTypes)}");
                    }

                    if (Child(entry, "read_only") is { } readOnly && readOnly is not YamlScalarNode { Value: "true" or "false" })
                    {
                        problems.Add("map: read_only must be true or false");
                    }

                    if (Child(entry, "path") is { } path && (path as YamlScalarNode)?.Value is null or "" or "/")
                    {
                        problems.Add("map: path must be a non-empty path other than /");
                    }

                    problems.AddRange(Keys(entry).Where(key => !MapKeys.Contains(key)).Select(key => $"map: '{key}' is not one of type, read_only, path"));
                    break;
                default:
                    problems.Add("map: each item must be a string or a {type, read_only, path} mapping");
                    break;
            }
        }
    }

    private static void CheckImage(YamlMappingNode manifest, List<string> problems)
    {
        if (Child(manifest, "image") is not { } node)
        {
            return;
        }

        var image = (node as YamlScalarNode)?.Value ?? "";
        if (!DockerImage().IsMatch(image))
        {
            problems.Add($"image: '{image}' is not a registry path without a tag (the Supervisor adds the version as the tag)");
        }

        var withoutPlaceholders = Placeholder().Replace(image, "");
        if (withoutPlaceholders.Any(char.IsUpper))
        {
            problems.Add($"image: '{image}' has upper-case letters, which image names cannot have");
        }

        foreach (var placeholder in Placeholder().Matches(image).Select(m => m.Value).Where(p => p is not ("{arch}" or "{machine}")))
        {
            problems.Add($"image: '{placeholder}' is not a placeholder the Supervisor fills in ({{arch}}, {{machine}})");
        }
    }

    private static Dictionary<string, SchemaElement> CheckSchema(YamlMappingNode manifest, List<string> problems)
    {
        var elements = new Dictionary<string, SchemaElement>(StringComparer.Ordinal);
        switch (Child(manifest, "schema"))
        {
            case null:
            case YamlScalarNode { Value: "false" }:
                return elements;
            case YamlMappingNode schema:
                foreach (var (key, value) in schema.Children)
                {
                    CheckSchemaNode(((YamlScalarNode)key).Value!, value, problems, elements, topLevel: true);
                }

                return elements;
            default:
                problems.Add("schema: must be a mapping of option types, or false");
                return elements;
        }
    }

    // Lists ([type]) and nested mappings are part of the grammar; only top-level scalars are collected, as this
    // add-on's options are all scalars.
    private static void CheckSchemaNode(string key, YamlNode node, List<string> problems, Dictionary<string, SchemaElement> elements, bool topLevel)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } text }:
                if (SchemaElement.TryParse(text, out var problem) is { } element)
                {
                    if (topLevel)
                    {
                        elements[key] = element;
                    }
                }
                else
                {
                    problems.Add($"schema.{key}: {problem}");
                }

                break;
            case YamlSequenceNode { Children.Count: 1 } list when list.Children[0] is not YamlSequenceNode:
                CheckSchemaNode(key, list.Children[0], problems, elements, topLevel: false);
                break;
            case YamlMappingNode nested:
                foreach (var (childKey, child) in nested.Children)
                {
                    CheckSchemaNode($"{key}.{((YamlScalarNode)childKey).Value}", child, problems, elements, topLevel: false);
                }

                break;
            default:
                problems.Add($"schema.{key}: must be a type, a one-item list of a type, or a mapping");
                break;
        }
    }

    private static void CheckOptions(YamlMappingNode manifest, Dictionary<string, SchemaElement> schema, List<string> problems)
    {
        if (Child(manifest, "options") is not { } node)
        {
            return;
        }

        if (node is not YamlMappingNode options)
        {
            problems.Add("options: must be a mapping of defaults");
            return;
        }

        var schemaKeys = Child(manifest, "schema") is YamlMappingNode schemaNode ? Keys(schemaNode).ToHashSet(StringComparer.Ordinal) : [];
        foreach (var (keyNode, value) in options.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            if (!schemaKeys.Contains(key))
            {
                problems.Add($"options.{key}: not in the schema (the Supervisor drops it with a warning)");
                continue;
            }

            if (!schema.TryGetValue(key, out var element))
            {
                continue;
            }

            if (element.Optional)
            {
                problems.Add($"options.{key}: has a default, so the Supervisor treats it as required and its '?' means nothing");
            }

            if (value is not YamlScalarNode { Value: { } text } || !element.Accepts(text))
            {
                problems.Add($"options.{key}: the default does not satisfy its schema type '{element.Kind}'");
            }
        }
    }
}
