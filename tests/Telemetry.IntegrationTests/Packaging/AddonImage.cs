namespace Telemetry.IntegrationTests.Packaging;

/// <summary>One image built from the repository's Dockerfile.</summary>
/// <param name="Arch">The Supervisor's name of the architecture (<c>amd64</c>, <c>aarch64</c>).</param>
internal sealed record AddonImage(string Tag, string Arch, TimeSpan BuildTime);
