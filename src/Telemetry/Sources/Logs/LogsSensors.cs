using Telemetry.HomeAssistant;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.Sources.Logs;

/// <summary>The sensors of <c>logs.db</c>, as in the agent's telemetry package; latencies as <c>duration</c> in <c>ms</c>.</summary>
internal static class LogsSensors
{
    public static IReadOnlyList<Sensor<LogsFigures>> All { get; } =
    [
        DatabaseSizeSensor.Of(LogsSource.Key, "db_logs_size", "DB Logs Size", l => l.FileBytes),
        new(LogsSource.Key) { Key = "requests_24h", Name = "Requests 24h", State = l => Integer(l.Requests),
            Icon = "mdi:counter", Unit = "requests", StateClass = StateClasses.Measurement },
        new(LogsSource.Key) { Key = "errors_24h", Name = "Errors 24h", State = l => Integer(l.Errors),
            Icon = "mdi:alert-circle", Unit = "errors", StateClass = StateClasses.Measurement },
        new(LogsSource.Key) { Key = "request_latency_p50", Name = "Latency P50", State = l => Fixed(l.LatencyP50Ms, 1),
            Icon = "mdi:timer-outline", Unit = "ms", DeviceClass = DeviceClasses.Duration, StateClass = StateClasses.Measurement, DisplayPrecision = 0 },
        new(LogsSource.Key) { Key = "request_latency_p95", Name = "Latency P95", State = l => Fixed(l.LatencyP95Ms, 1),
            Icon = "mdi:timer-alert-outline", Unit = "ms", DeviceClass = DeviceClasses.Duration, StateClass = StateClasses.Measurement, DisplayPrecision = 0 },
    ];
}
