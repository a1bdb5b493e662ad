using Telemetry.Sources;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Sessions;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;

namespace Telemetry.Collection;

/// <summary>Everything one collection cycle read, source by source.</summary>
/// <param name="TableReads">How each followed table was read this cycle (full or new rows only), for the memory relief.</param>
internal sealed record Snapshot(
    DateTimeOffset CollectedAt,
    Reading<MainStats> Main,
    Reading<UsageStats> Usage,
    Reading<LogStats> Logs,
    Reading<AttachmentStats> Attachments,
    Reading<LegacyUsageFile> LegacyUsage,
    Reading<LoopStats> Loops,
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
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    public bool IsAvailable(SourceKey source) => ProblemOf(source) is null;

    /// <summary>Whether the source does not exist by design (its sensors are not announced), as opposed to failing.</summary>
    public bool IsAbsent(SourceKey source) => source switch
    {
        SourceKey.LegacyUsage => LegacyUsage.IsAbsent,
        _ => false,
    };
}
