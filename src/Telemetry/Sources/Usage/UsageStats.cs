namespace Telemetry.Sources.Usage;

/// <summary>24-hour token usage from <c>usage_records</c>; <paramref name="ByModel"/> is ordered by cost, highest first.</summary>
internal sealed record UsageStats(long InputTokens, long OutputTokens, double CostUsd, IReadOnlyList<ModelUsage> ByModel);

