namespace Telemetry.Sources.LegacyUsage;

/// <summary>The legacy <c>usage.db</c>, sized only; agents since 2026-03-30 keep usage in <c>thane.db</c> and have no such file.</summary>
/// <remarks>Its usage rows, where they are, are read by the usage source.</remarks>
internal static class LegacyUsageSource
{
    public static SourceKey<LegacyUsageFigures> Key { get; } = new("legacy_usage");
}
