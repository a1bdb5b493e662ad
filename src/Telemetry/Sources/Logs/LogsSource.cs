namespace Telemetry.Sources.Logs;

/// <summary><c>logs.db</c>, the agent's structured log index: requests, errors and latency over 24 hours.</summary>
internal static class LogsSource
{
    public static SourceKey<LogsFigures> Key { get; } = new("logs");
}
