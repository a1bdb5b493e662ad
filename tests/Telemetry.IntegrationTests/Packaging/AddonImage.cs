namespace Telemetry.IntegrationTests.Packaging;

/// <summary>One image built from the repository's Dockerfile.</summary>
/// <param name="Arch">The Supervisor's name of the architecture (<c>amd64</c>, <c>aarch64</c>).</param>
/// <param name="Command">The build command as it ran, for the test output.</param>
internal sealed record AddonImage(string Tag, string Arch, TimeSpan BuildTime, string Command);
