using System.Text.Json;
using Telemetry.Collection;
using Telemetry.Sources;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.HomeAssistant;

/// <summary>The 20 fixed sensors of the agent's telemetry package (same keys, names and meaning, so history carries over).</summary>
/// <remarks>
/// Units are ones Home Assistant accepts without a warning: sizes use <c>data_size</c>/<c>B</c> and latencies
/// <c>duration</c>/<c>ms</c>; counts and the rolling cost have no device class (a <c>monetary</c> sensor may only be
/// <c>total</c>, wrong for a rolling 24-hour figure).
/// </remarks>
internal static class PackageSensors
{
    private const string Measurement = "measurement";
    private const string DataSize = "data_size";
    private const string Duration = "duration";

    public static IReadOnlyList<Sensor> All { get; } =
    [
        new() { Key = "db_main_size", Name = "DB Main Size", Source = SourceKey.Main, State = s => Integer(s.Main.Value!.FileBytes),
                Icon = "mdi:database", Unit = "B", DeviceClass = DataSize, StateClass = Measurement, Diagnostic = true },
        new() { Key = "db_logs_size", Name = "DB Logs Size", Source = SourceKey.Logs, State = s => Integer(s.Logs.Value!.FileBytes),
                Icon = "mdi:database", Unit = "B", DeviceClass = DataSize, StateClass = Measurement, Diagnostic = true },
        new() { Key = "db_usage_size", Name = "DB Usage Size", Source = SourceKey.LegacyUsage, State = s => Integer(s.LegacyUsage.Value!.FileBytes),
                Icon = "mdi:database", Unit = "B", DeviceClass = DataSize, StateClass = Measurement, Diagnostic = true },
        new() { Key = "db_attachments_size", Name = "DB Attachments Size", Source = SourceKey.Attachments, State = s => Integer(s.Attachments.Value!.FileBytes),
                Icon = "mdi:database", Unit = "B", DeviceClass = DataSize, StateClass = Measurement, Diagnostic = true },
        new() { Key = "tokens_24h_input", Name = "Tokens 24h Input", Source = SourceKey.Usage, State = s => Integer(s.Usage.Value!.InputTokens),
                Icon = "mdi:arrow-down", Unit = "tokens", StateClass = Measurement },
        new() { Key = "tokens_24h_output", Name = "Tokens 24h Output", Source = SourceKey.Usage, State = s => Integer(s.Usage.Value!.OutputTokens),
                Icon = "mdi:arrow-up", Unit = "tokens", StateClass = Measurement },
        new() { Key = "tokens_24h_cost", Name = "Tokens 24h Cost", Source = SourceKey.Usage, State = s => Fixed(s.Usage.Value!.CostUsd, 4),
                Attributes = CostByModel, Icon = "mdi:currency-usd", Unit = "USD", StateClass = Measurement, DisplayPrecision = 2 },
        new() { Key = "active_sessions", Name = "Active Sessions", Source = SourceKey.Main, State = s => Integer(s.Main.Value!.ActiveSessions),
                Icon = "mdi:message-text-outline", Unit = "sessions", StateClass = Measurement },
        new() { Key = "context_utilization", Name = "Context Utilization", Source = SourceKey.Loops, State = s => Fixed(s.Loops.Value!.ContextUtilization, 1),
                Icon = "mdi:gauge", Unit = "%", StateClass = Measurement, DisplayPrecision = 1 },
        new() { Key = "requests_24h", Name = "Requests 24h", Source = SourceKey.Logs, State = s => Integer(s.Logs.Value!.Requests),
                Icon = "mdi:counter", Unit = "requests", StateClass = Measurement },
        new() { Key = "errors_24h", Name = "Errors 24h", Source = SourceKey.Logs, State = s => Integer(s.Logs.Value!.Errors),
                Icon = "mdi:alert-circle", Unit = "errors", StateClass = Measurement },
        new() { Key = "request_latency_p50", Name = "Latency P50", Source = SourceKey.Logs, State = s => Fixed(s.Logs.Value!.LatencyP50Ms, 1),
                Icon = "mdi:timer-outline", Unit = "ms", DeviceClass = Duration, StateClass = Measurement, DisplayPrecision = 0 },
        new() { Key = "request_latency_p95", Name = "Latency P95", Source = SourceKey.Logs, State = s => Fixed(s.Logs.Value!.LatencyP95Ms, 1),
                Icon = "mdi:timer-alert-outline", Unit = "ms", DeviceClass = Duration, StateClass = Measurement, DisplayPrecision = 0 },
        new() { Key = "loops_active", Name = "Loops Active", Source = SourceKey.Loops, State = s => Integer(s.Loops.Value!.Active),
                Icon = "mdi:cog-play", Unit = "loops", StateClass = Measurement },
        new() { Key = "loops_sleeping", Name = "Loops Sleeping", Source = SourceKey.Loops, State = s => Integer(s.Loops.Value!.Sleeping),
                Icon = "mdi:cog-pause", Unit = "loops", StateClass = Measurement },
        new() { Key = "loops_errored", Name = "Loops Errored", Source = SourceKey.Loops, State = s => Integer(s.Loops.Value!.Errored),
                Icon = "mdi:cog-off", Unit = "loops", StateClass = Measurement },
        new() { Key = "loops_total", Name = "Loops Total", Source = SourceKey.Loops, State = s => Integer(s.Loops.Value!.Total),
                Icon = "mdi:cog", Unit = "loops", StateClass = Measurement },
        new() { Key = "attachments_total", Name = "Attachments Total", Source = SourceKey.Attachments, State = s => Integer(s.Attachments.Value!.Total),
                Icon = "mdi:paperclip", Unit = "files", StateClass = Measurement },
        new() { Key = "attachments_total_bytes", Name = "Attachments Size", Source = SourceKey.Attachments, State = s => Integer(s.Attachments.Value!.TotalBytes),
                Icon = "mdi:paperclip", Unit = "B", DeviceClass = DataSize, StateClass = Measurement },
        new() { Key = "attachments_unique_files", Name = "Attachments Unique", Source = SourceKey.Attachments, State = s => Integer(s.Attachments.Value!.UniqueFiles),
                Icon = "mdi:file-check", Unit = "files", StateClass = Measurement },
    ];

    /// <summary>Per-model usage as attributes; an empty object clears the last window's models.</summary>
    private static string CostByModel(Snapshot snapshot)
    {
        var byModel = new Dictionary<string, ModelTokens>(StringComparer.Ordinal);
        foreach (var model in snapshot.Usage.Value!.ByModel)
        {
            byModel[model.Model] = new ModelTokens(model.InputTokens, model.OutputTokens, Math.Round(model.CostUsd, 6));
        }

        return JsonSerializer.Serialize(byModel, HomeAssistantJsonContext.Default.DictionaryStringModelTokens);
    }
}
