namespace Telemetry.Addon;

/// <summary>What the command line asked for.</summary>
/// <param name="Api">With <paramref name="Demo"/>: read the sample agent over its API only, as when it runs on another machine.</param>
internal sealed record CommandLine(string OptionsPath, bool Once, bool Demo, bool Api = false);
