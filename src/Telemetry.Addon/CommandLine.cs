namespace Telemetry.Addon;

/// <summary>What the command line asked for.</summary>
internal sealed record CommandLine(string OptionsPath, bool Once, bool Demo);
