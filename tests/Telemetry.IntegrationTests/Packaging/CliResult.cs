namespace Telemetry.IntegrationTests.Packaging;

/// <summary>What one container CLI command printed, and how it exited.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Errors);
