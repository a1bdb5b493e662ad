namespace Telemetry.Sources.Usage;

/// <summary>One <c>usage_records</c> row, as much of it as the figures need.</summary>
/// <param name="Timestamp">Its text, for the 24-hour window (a text comparison, as in the agent's query); null when not text.</param>
/// <param name="InputTokens">Uncached input only: cache reads and writes have their own columns (thane-data-sources §8).</param>
/// <param name="CacheWriteTokens"><c>cache_creation_input_tokens</c>, the tokens written to the prompt cache.</param>
internal readonly record struct UsageRecord(
    long RowId,
    UsageTimestamp? Timestamp,
    string Model,
    string Provider,
    string Role,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    long CacheWriteTokens,
    double CostUsd)
{
    public long CostNanos => UsageSums.Nanos(CostUsd);
}
