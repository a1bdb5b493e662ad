namespace Telemetry.Sources.Logs;

/// <summary>24-hour request figures from <c>log_entries</c>, and the size of <c>logs.db</c>; latencies are null when no request had a measurable span.</summary>
internal sealed record LogsFigures(long FileBytes, long Requests, long Errors, double? LatencyP50Ms, double? LatencyP95Ms);
