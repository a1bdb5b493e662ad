namespace Telemetry.Sources.Usage;

/// <summary>One model's share of the 24-hour usage.</summary>
internal sealed record ModelUsage(string Model, long InputTokens, long OutputTokens, double CostUsd);
