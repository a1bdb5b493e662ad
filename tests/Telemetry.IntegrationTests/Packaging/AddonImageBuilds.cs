using System.Diagnostics;
using Telemetry.Options;

namespace Telemetry.IntegrationTests.Packaging;

/// <summary>
/// Builds the repository's Dockerfile once per architecture, on first use, the way the Supervisor builds it
/// (BUILD_ARCH and BUILD_VERSION), and removes the images and the build's leftovers afterwards.
/// </summary>
/// <remarks>
/// With podman 4.3 (the CI machines) <c>--platform</c> is broken, so the target comes in as TARGETARCH and the arm64
/// build gets the arm64 base (shared/reference/containers-on-ci.md, second part); the Dockerfile cross-publishes, so
/// no build step needs the target's CPU. Docker gets <c>--platform</c>. The base images come from
/// <see cref="SdkImageVariable"/>, <see cref="BaseImageVariable"/> and <see cref="BaseImageArm64Variable"/>, which
/// tests/run.sh sets to local stand-ins where no registry is reachable; unset, they are the Dockerfile's own defaults.
/// </remarks>
public sealed class AddonImageBuilds : IAsyncLifetime
{
    public const string SdkImageVariable = "TELEMETRY_TEST_SDK_IMAGE";
    public const string BaseImageVariable = "TELEMETRY_TEST_BASE_IMAGE";
    public const string BaseImageArm64Variable = "TELEMETRY_TEST_BASE_IMAGE_ARM64";

    private const string DefaultSdkImage = "mcr.microsoft.com/dotnet/sdk:10.0";
    private const string DefaultBaseImage = "docker.io/library/debian:bookworm-slim";

    // A build from scratch restores and publishes for one runtime: about two minutes on the CI machines. The bound
    // stays below the test run's hang timeout (10 min), so a stuck build fails this test and not the whole run.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromMinutes(2);

    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly Lazy<Task<AddonImage>> _amd64;
    private readonly Lazy<Task<AddonImage>> _arm64;

    public AddonImageBuilds()
    {
        _amd64 = new(() => BuildAsync("amd64", "amd64", Image(BaseImageVariable)));
        _arm64 = new(() => BuildAsync("aarch64", "arm64", Image(BaseImageArm64Variable)));
    }

    internal static ContainerCli Cli => ContainerCli.Default;

    internal Task<AddonImage> Amd64 => _amd64.Value;

    internal Task<AddonImage> Arm64 => _arm64.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // The tests are over, so every build that was started has finished.
        foreach (var build in new[] { _amd64, _arm64 }.Where(build => build.IsValueCreated && build.Value.IsCompletedSuccessfully))
        {
            await Cli.TryRunAsync(CleanupTimeout, "rmi", "--force", (await build.Value).Tag);
        }

        // The untagged build-stage images (about 1 GB each with the SDK) and the images just untagged.
        await Cli.TryRunAsync(CleanupTimeout, "image", "prune", "--force");
    }

    private async Task<AddonImage> BuildAsync(string arch, string platformArch, string baseImage)
    {
        var sdkImage = Image(SdkImageVariable);
        var tag = $"localhost/thane-telemetry-test:{arch}-{_runId}";
        List<string> arguments =
        [
            "build",
            "--tag", tag,
            "--build-arg", $"SDK_IMAGE={sdkImage}",
            "--build-arg", $"BUILD_FROM={baseImage}",
            // What the Supervisor passes to a local build.
            "--build-arg", $"BUILD_ARCH={arch}",
            "--build-arg", $"BUILD_VERSION={ManifestDefaults.Version}",
        ];
        if (Cli.IsPodman)
        {
            arguments.AddRange(["--build-arg", $"TARGETARCH={platformArch}"]);
            if (IsLocal(sdkImage) && IsLocal(baseImage))
            {
                // Nothing to pull from "localhost"; without this podman tries and reports a confusing error.
                arguments.Add("--pull=never");
            }
        }
        else
        {
            arguments.AddRange(["--platform", $"linux/{platformArch}"]);
        }

        arguments.Add(RepositoryRoot.Path);
        var watch = Stopwatch.StartNew();
        await Cli.RunAsync(BuildTimeout, [.. arguments]);
        return new AddonImage(tag, arch, watch.Elapsed);
    }

    private static string Image(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } image
            ? image
            : variable == SdkImageVariable ? DefaultSdkImage : DefaultBaseImage;

    private static bool IsLocal(string image) => image.StartsWith("localhost/", StringComparison.Ordinal);
}
