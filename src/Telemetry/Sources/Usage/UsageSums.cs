namespace Telemetry.Sources.Usage;

/// <summary>Token and cost sums over a set of <c>usage_records</c> rows.</summary>
/// <remarks>
/// Cost is summed in whole nano-dollars: an integer sum is exact and does not depend on the order of the rows, so a
/// counter read again in full (after a restart, a replaced file) has exactly the value it had, never a hair less.
/// </remarks>
internal readonly record struct UsageSums(long Rows, long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens, long CostNanos)
{
    public static UsageSums Of(in UsageRecord row) =>
        new(1, row.InputTokens, row.OutputTokens, row.CacheReadTokens, row.CacheWriteTokens, row.CostNanos);

    public static UsageSums operator +(UsageSums a, UsageSums b) => new(
        a.Rows + b.Rows,
        a.InputTokens + b.InputTokens,
        a.OutputTokens + b.OutputTokens,
        a.CacheReadTokens + b.CacheReadTokens,
        a.CacheWriteTokens + b.CacheWriteTokens,
        a.CostNanos + b.CostNanos);

    /// <summary>Whole nano-dollars of a cost the agent stored as a float (half away from zero).</summary>
    public static long Nanos(double costUsd) => (long)Math.Round(costUsd * 1e9, MidpointRounding.AwayFromZero);
}
