namespace Telemetry.Sources.Usage;

/// <summary>The 24-hour window of <c>usage_records</c>, as the agent's package counts it: <c>[now − 24 h, now)</c>.</summary>
/// <param name="ByModel">The window by model, ordered by cost, highest first.</param>
/// <param name="CacheReadTokens">Prompt-cache reads in the window (not part of <paramref name="InputTokens"/>).</param>
/// <param name="CacheWriteTokens">Prompt-cache writes in the window (not part of <paramref name="InputTokens"/>).</param>
internal sealed record UsageWindowFigures(
    long InputTokens,
    long OutputTokens,
    double CostUsd,
    IReadOnlyList<ModelUsage> ByModel,
    long CacheReadTokens,
    long CacheWriteTokens)
{
    /// <summary>Cache reads over all input that could have been cached (reads, writes and uncached input); null when there was none.</summary>
    public double? CacheHitRate
    {
        get
        {
            var input = CacheReadTokens + CacheWriteTokens + InputTokens;
            return input == 0 ? null : CacheReadTokens * 100.0 / input;
        }
    }
}
