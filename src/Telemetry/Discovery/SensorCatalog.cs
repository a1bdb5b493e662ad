using System.Text.Json;
using Telemetry.Collection;

namespace Telemetry.Discovery;

/// <summary>The 20 fixed sensors of the agent's telemetry package, with units Home Assistant accepts without a warning.</summary>
/// <remarks>
/// Sizes use <c>data_size</c>/<c>B</c> and latencies <c>duration</c>/<c>ms</c>, pairs HA validates; counts and cost have no
/// device class (a <c>monetary</c> sensor may only be <c>total</c>, wrong for a rolling 24-hour figure).
/// </remarks>
internal static class SensorCatalog
{
    private const string Measurement = "measurement";
    private const string DataSize = "data_size";
    private const string Duration = "duration";

    public static IReadOnlyList<SensorDefinition> Static { get; } =
    [
        new("db_main_size", "DB Main Size", SourceKey.Main, "mdi:database", "B", DataSize, Measurement, true, null,
            s => StateText.Integer(s.Main.Value!.FileBytes)),
        new("db_logs_size", "DB Logs Size", SourceKey.Logs, "mdi:database", "B", DataSize, Measurement, true, null,
            s => StateText.Integer(s.Logs.Value!.FileBytes)),
        new("db_usage_size", "DB Usage Size", SourceKey.LegacyUsage, "mdi:database", "B", DataSize, Measurement, true, null,
            s => StateText.Integer(s.LegacyUsage.Value!.FileBytes)),
        new("db_attachments_size", "DB Attachments Size", SourceKey.Attachments, "mdi:database", "B", DataSize, Measurement, true, null,
            s => StateText.Integer(s.Attachments.Value!.FileBytes)),
        new("tokens_24h_input", "Tokens 24h Input", SourceKey.Usage, "mdi:arrow-down", "tokens", null, Measurement, false, null,
            s => StateText.Integer(s.Usage.Value!.InputTokens)),
        new("tokens_24h_output", "Tokens 24h Output", SourceKey.Usage, "mdi:arrow-up", "tokens", null, Measurement, false, null,
            s => StateText.Integer(s.Usage.Value!.OutputTokens)),
        new("tokens_24h_cost", "Tokens 24h Cost", SourceKey.Usage, "mdi:currency-usd", "USD", null, Measurement, false, 2,
            s => StateText.Fixed(s.Usage.Value!.CostUsd, 4), CostByModel),
        new("active_sessions", "Active Sessions", SourceKey.Main, "mdi:message-text-outline", "sessions", null, Measurement, false, null,
            s => StateText.Integer(s.Main.Value!.ActiveSessions)),
        new("context_utilization", "Context Utilization", SourceKey.Loops, "mdi:gauge", "%", null, Measurement, false, 1,
            s => StateText.Fixed(s.Loops.Value!.ContextUtilization, 1)),
        new("requests_24h", "Requests 24h", SourceKey.Logs, "mdi:counter", "requests", null, Measurement, false, null,
            s => StateText.Integer(s.Logs.Value!.Requests)),
        new("errors_24h", "Errors 24h", SourceKey.Logs, "mdi:alert-circle", "errors", null, Measurement, false, null,
            s => StateText.Integer(s.Logs.Value!.Errors)),
        new("request_latency_p50", "Latency P50", SourceKey.Logs, "mdi:timer-outline", "ms", Duration, Measurement, false, 0,
            s => StateText.Fixed(s.Logs.Value!.LatencyP50Ms, 1)),
        new("request_latency_p95", "Latency P95", SourceKey.Logs, "mdi:timer-alert-outline", "ms", Duration, Measurement, false, 0,
            s => StateText.Fixed(s.Logs.Value!.LatencyP95Ms, 1)),
        new("loops_active", "Loops Active", SourceKey.Loops, "mdi:cog-play", "loops", null, Measurement, false, null,
            s => StateText.Integer(s.Loops.Value!.Active)),
        new("loops_sleeping", "Loops Sleeping", SourceKey.Loops, "mdi:cog-pause", "loops", null, Measurement, false, null,
            s => StateText.Integer(s.Loops.Value!.Sleeping)),
        new("loops_errored", "Loops Errored", SourceKey.Loops, "mdi:cog-off", "loops", null, Measurement, false, null,
            s => StateText.Integer(s.Loops.Value!.Errored)),
        new("loops_total", "Loops Total", SourceKey.Loops, "mdi:cog", "loops", null, Measurement, false, null,
            s => StateText.Integer(s.Loops.Value!.Total)),
        new("attachments_total", "Attachments Total", SourceKey.Attachments, "mdi:paperclip", "files", null, Measurement, false, null,
            s => StateText.Integer(s.Attachments.Value!.Total)),
        new("attachments_total_bytes", "Attachments Size", SourceKey.Attachments, "mdi:paperclip", "B", DataSize, Measurement, false, null,
            s => StateText.Integer(s.Attachments.Value!.TotalBytes)),
        new("attachments_unique_files", "Attachments Unique", SourceKey.Attachments, "mdi:file-check", "files", null, Measurement, false, null,
            s => StateText.Integer(s.Attachments.Value!.UniqueFiles)),
    ];

    /// <summary>The two sensors of one root loop.</summary>
    public static IReadOnlyList<SensorDefinition> ForLoop(LoopInfo loop, string slug)
    {
        var name = LoopSlugs.DisplayName(loop.Name);
        return
        [
            new($"loop_{slug}_state", $"Loop {name} State", SourceKey.Loops, "mdi:cog-outline", null, null, null, true, null,
                s => StateText.Text(FindLoop(s, loop)?.State ?? StateText.Unknown)),
            new($"loop_{slug}_iterations", $"Loop {name} Iterations", SourceKey.Loops, "mdi:counter", "iterations", null, "total_increasing", false, null,
                s => FindLoop(s, loop) is { } current ? StateText.Integer(current.Iterations) : StateText.Unknown),
        ];
    }

    private static LoopInfo? FindLoop(Snapshot snapshot, LoopInfo loop) =>
        snapshot.Loops.Value?.Roots.FirstOrDefault(l => l.Id == loop.Id && l.Name == loop.Name);

    /// <summary>Per-model usage as attributes; an empty object clears the last window's models.</summary>
    private static string CostByModel(Snapshot snapshot)
    {
        var byModel = new Dictionary<string, ModelTokens>(StringComparer.Ordinal);
        foreach (var model in snapshot.Usage.Value!.ByModel)
        {
            byModel[model.Model] = new ModelTokens(model.InputTokens, model.OutputTokens, Math.Round(model.CostUsd, 6));
        }

        return JsonSerializer.Serialize(byModel, DiscoveryJsonContext.Default.DictionaryStringModelTokens);
    }
}
