namespace Telemetry.Benchmarks.Generation;

/// <summary>One <c>log_entries</c> row as the agent's indexer writes it (empty values as NULL).</summary>
internal sealed record LogRow(
    DateTimeOffset At, string Timestamp, string Level, string Msg, string? RequestId, string? SessionId, string? ConversationId,
    string? Subsystem, string? Tool, string? Model, string? LoopId, string? LoopName, string? SourceFile, int? SourceLine, string? Attrs);

/// <summary>One <c>usage_records</c> row as the agent's usage store writes it.</summary>
internal sealed record UsageRow(
    DateTimeOffset At, string Id, string Timestamp, string RequestId, string? SessionId, string? ConversationId, string Model, string Provider,
    long InputTokens, long OutputTokens, double CostUsd, string Role, string? TaskName, string UpstreamModel, string Resource,
    long CacheCreationTokens, long CacheReadTokens, string UpstreamRequestId);
