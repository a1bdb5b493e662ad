namespace Telemetry.Sources.Usage;

/// <summary>The size of the legacy <c>usage.db</c>.</summary>
internal sealed record LegacyUsageFile(long FileBytes);
