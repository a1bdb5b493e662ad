namespace Telemetry.Collection;

/// <summary>From <c>thane.db</c>.</summary>
internal sealed record MainStats(long FileBytes, long ActiveSessions);

/// <summary>24-hour token usage from <c>usage_records</c>; <paramref name="ByModel"/> is ordered by cost, highest first.</summary>
internal sealed record UsageStats(long InputTokens, long OutputTokens, double CostUsd, IReadOnlyList<ModelUsage> ByModel);

internal sealed record ModelUsage(string Model, long InputTokens, long OutputTokens, double CostUsd);

/// <summary>24-hour request figures from <c>log_entries</c>; latencies are null when no request had a measurable span.</summary>
internal sealed record LogStats(long FileBytes, long Requests, long Errors, double? LatencyP50Ms, double? LatencyP95Ms);

/// <summary>All-time attachment figures.</summary>
internal sealed record AttachmentStats(long FileBytes, long Total, long TotalBytes, long UniqueFiles);

/// <summary>The size of the legacy <c>usage.db</c>.</summary>
internal sealed record FileStats(long FileBytes);

/// <summary>Loop counts from <c>/v1/loops</c>; <paramref name="ContextUtilization"/> is null when no loop reports a context window.</summary>
internal sealed record LoopStats(int Active, int Sleeping, int Errored, int Total, double? ContextUtilization, IReadOnlyList<LoopInfo> Roots);

/// <summary>A root loop (one without a parent), the only kind that gets its own sensors.</summary>
internal sealed record LoopInfo(string Id, string Name, string State, long Iterations);
