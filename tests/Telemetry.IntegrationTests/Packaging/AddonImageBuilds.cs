using System.Diagnostics;

namespace Telemetry.IntegrationTests.Packaging;

/// <summary>
/// Builds the repository once per architecture, on first use, with the Supervisor's own build command
/// (<see cref="SupervisorBuild"/>), and removes the images afterwards. The release workflow
/// (.github/workflows/release.yaml) runs the same command; <c>ReleaseWorkflowTests</c> holds it to that.
/// </summary>
/// <remarks>
/// <para>
/// The command is the Supervisor's: <c>buildx build . --file Dockerfile --platform linux/&lt;amd64|arm64&gt; --pull</c>
/// with BUILD_VERSION, BUILD_ARCH and build.yaml's BUILD_FROM, run by a Docker engine's built-in BuildKit, which fills
/// in TARGETARCH and BUILDPLATFORM. Where it differs, on purpose or because of this machine:
/// </para>
/// <list type="number">
/// <item>No <c>--label</c> flags. The Supervisor passes io.hass.version/arch/type/name/description/url; the test leaves
/// them out so that the labels the image tests assert come from the Dockerfile alone, as in the published image, and
/// asserts they equal <see cref="SupervisorBuild.Labels"/>, so passing them would change nothing.</item>
/// <item>Client: where the docker CLI has no buildx plugin (Debian 12's docker.io 20.10, the CI machines),
/// <c>docker build</c> with DOCKER_BUILDKIT=1 and the same arguments; both hand the build to the engine's built-in
/// BuildKit (buildx's default "docker" driver is that same BuildKit). The engine there is Debian's dockerd 20.10.24
/// with the BuildKit and built-in Dockerfile frontend of Docker 20.10, older than the Supervisor's (Docker 28 on Home
/// Assistant OS); a feature only newer BuildKit has fails here rather than on a user's machine.</item>
/// <item>Registries: where none is reachable, tests/run.sh sets <see cref="SdkImageVariable"/>, and the build gets one
/// argument the Supervisor does not pass, <c>--build-arg SDK_IMAGE=127.0.0.1:&lt;port&gt;/dotnet/sdk:10.0</c>: the
/// SDK stand-in (this machine's .NET SDK on a debootstrapped Debian 12) in a local registry, since Docker's registry
/// mirror setting reaches only docker.io and the Dockerfile's default is mcr.microsoft.com/dotnet/sdk:10.0. BUILD_FROM
/// stays build.yaml's docker.io/library/debian:bookworm-slim, resolved with <c>--pull</c> through that engine's
/// docker.io mirror, the same local registry, to an index whose only entry is the debootstrapped amd64 Debian 12.
/// With a reachable registry (unset variable) the build pulls the real images with no extra argument. The real SDK
/// image is Ubuntu 24.04, so there the C compiler comes from Ubuntu's archive and the program is linked against glibc
/// 2.39 instead of the stand-in's 2.36; the image tests' loader check (every symbol version the program needs is in
/// the image's glibc) is what holds that difference to account.</item>
/// <item>Platform: the Supervisor builds for its own machine, so on a Raspberry Pi every stage runs natively on
/// arm64. Here both builds run on amd64, and the arm64 one is a cross build (BUILDPLATFORM linux/amd64,
/// TARGETPLATFORM linux/arm64): the program is cross-compiled (clang with the aarch64 cross gcc and C library) and the
/// target's Debian packages unpacked; a native arm64 build compiles with the SDK image's own toolchain and unpacks the
/// same packages, from the base images' arm64 variants.</item>
/// <item>Context: the work tree rather than the Supervisor's clone of the repository, filtered by the same
/// .dockerignore; the Supervisor also runs the CLI inside its <c>docker</c> builder container.</item>
/// </list>
/// </remarks>
public sealed class AddonImageBuilds : IAsyncLifetime
{
    public const string SdkImageVariable = "TELEMETRY_TEST_SDK_IMAGE";

    // A build from scratch installs the C toolchain, restores, and compiles the program ahead of time for one runtime:
    // about 4 minutes on the CI machines (amd64: toolchain 29 s, restore 71 s, publish 121 s), 2.5 for the arm64 one
    // after it (the NuGet cache is shared). The bound stays below the test run's hang timeout (10 min), so a stuck
    // build fails this test and not the whole run.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(9);
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromMinutes(2);

    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly Lazy<Task<AddonImage>> _amd64;
    private readonly Lazy<Task<AddonImage>> _arm64;

    public AddonImageBuilds()
    {
        _amd64 = new(() => BuildAsync("amd64"));
        _arm64 = new(() => BuildAsync("aarch64"));
    }

    internal static ContainerCli Cli => ContainerCli.Default;

    internal Task<AddonImage> Amd64 => _amd64.Value;

    internal Task<AddonImage> Arm64 => _arm64.Value;

    internal Task<AddonImage> For(string arch) => arch switch
    {
        "amd64" => Amd64,
        "aarch64" => Arm64,
        _ => throw new ArgumentOutOfRangeException(nameof(arch), arch, "config.yaml's architectures are amd64 and aarch64"),
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // The tests are over, so every build that was started has finished. BuildKit leaves no untagged images, and
        // its build cache stays, as it does on a Supervisor's host.
        foreach (var build in new[] { _amd64, _arm64 }.Where(build => build.IsValueCreated && build.Value.IsCompletedSuccessfully))
        {
            await Cli.TryRunAsync(CleanupTimeout, "rmi", "--force", (await build.Value).Tag);
        }
    }

    private async Task<AddonImage> BuildAsync(string arch)
    {
        var tag = $"localhost/thane-telemetry-test:{arch}-{_runId}";
        List<string> arguments = [.. SupervisorBuild.Read(RepositoryRoot.Path, arch).Command(tag, withLabels: false)];
        if (!await Cli.HasBuildxAsync())
        {
            // "buildx build" becomes "build"; everything after it stays.
            arguments.RemoveAt(0);
        }

        if (Environment.GetEnvironmentVariable(SdkImageVariable) is { Length: > 0 } sdkImage)
        {
            arguments.AddRange(["--build-arg", $"SDK_IMAGE={sdkImage}"]);
        }

        // In the add-on's folder, as the Supervisor runs it: the context is ".".
        var watch = Stopwatch.StartNew();
        await Cli.RunInAsync(RepositoryRoot.Path, BuildTimeout, [.. arguments]);
        return new AddonImage(tag, arch, watch.Elapsed, $"{Path.GetFileName(Cli.Executable)} {string.Join(' ', arguments)}");
    }
}
