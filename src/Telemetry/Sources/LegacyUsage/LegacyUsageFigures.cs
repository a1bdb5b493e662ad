namespace Telemetry.Sources.LegacyUsage;

/// <summary>The size of the legacy <c>usage.db</c>.</summary>
internal sealed record LegacyUsageFigures(long FileBytes);
