namespace Telemetry.Sources.Usage;

/// <summary>
/// <c>usage_records</c>, wherever it lives (<c>thane.db</c> since 2026-03-30, <c>usage.db</c> before): token usage and
/// cost over 24 hours, over the agent's whole life, today and this month.
/// </summary>
internal static class UsageSource
{
    public static SourceKey<UsageFigures> Key { get; } = new("usage");
}
