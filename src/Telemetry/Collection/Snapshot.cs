using Telemetry.Sources;
using Telemetry.Sources.Agent;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Sessions;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;

namespace Telemetry.Collection;

/// <summary>Everything one collection cycle read, source by source.</summary>
/// <param name="CollectedAt">When the cycle began: the "now" every window is measured from.</param>
/// <param name="FinishedAt">When the last source answered.</param>
/// <param name="TableReads">How each followed table was read this cycle (full or new rows only), for the memory relief.</param>
internal sealed record Snapshot(
    DateTimeOffset CollectedAt,
    DateTimeOffset FinishedAt,
    Reading<MainStats> Main,
    Reading<UsageStats> Usage,
    Reading<LogStats> Logs,
    Reading<AttachmentStats> Attachments,
    Reading<LegacyUsageFile> LegacyUsage,
    Reading<LoopStats> Loops,
    Reading<AgentStatus> Agent,
    IReadOnlyList<ReadMode> TableReads)
{
    /// <summary>Why the source is unavailable, or null when it was read.</summary>
    public string? ProblemOf(SourceKey source) => source switch
    {
        SourceKey.Main => Main.Problem,
        SourceKey.Usage => Usage.Problem,
        SourceKey.Logs => Logs.Problem,
        SourceKey.Attachments => Attachments.Problem,
        SourceKey.LegacyUsage => LegacyUsage.Problem,
        SourceKey.Loops => Loops.Problem,
        SourceKey.Agent => Agent.Problem,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    /// <summary>Whether the source was read; no source (an entity that needs only the add-on) always is.</summary>
    public bool IsAvailable(SourceKey? source) => source is not { } key || ProblemOf(key) is null;

    /// <summary>Whether the source does not exist by design (its sensors are not announced), as opposed to failing.</summary>
    public bool IsAbsent(SourceKey? source) => source switch
    {
        SourceKey.LegacyUsage => LegacyUsage.IsAbsent,
        _ => false,
    };
}
