using Telemetry.History;
using Telemetry.Sources;
using Telemetry.Sources.Agent;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.HistoryImport;
using Telemetry.Sources.LegacyUsage;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Main;
using Telemetry.Sources.Usage;

namespace Telemetry.Testing;

/// <summary>Cycle readings with plausible values, for tests of what is published rather than of what is read.</summary>
internal static class TestReadings
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    /// <param name="loops">The root loops; null for an agent API that cannot be reached.</param>
    /// <param name="legacyUsageFile">Whether the legacy usage.db exists (absent on agents since 2026-03-30).</param>
    /// <param name="logsBroken">Whether logs.db cannot be read.</param>
    public static CycleReadings Create(IReadOnlyList<LoopInfo>? loops, bool legacyUsageFile = false, long sessions = 3, bool logsBroken = false) => new(
        Now,
        Now.AddMilliseconds(40),
        [
            (MainSource.Key, Reading<MainFigures>.Ok(new MainFigures(4096, sessions))),
            (UsageSource.Key, Reading<UsageFigures>.Ok(Usage)),
            (LogsSource.Key, logsBroken ? Reading<LogsFigures>.Unavailable("locked") : Reading<LogsFigures>.Ok(new LogsFigures(8192, 3, 2, 1250, 1950))),
            (AttachmentsSource.Key, Reading<AttachmentsFigures>.Ok(new AttachmentsFigures(4096, 42, 1_048_576, 30))),
            (LegacyUsageSource.Key, legacyUsageFile ? Reading<LegacyUsageFigures>.Ok(new LegacyUsageFigures(8192)) : Reading<LegacyUsageFigures>.Absent("usage.db does not exist")),
            (LoopsSource.Key, loops is null ? Reading<LoopsFigures>.Unavailable("agent down") : Reading<LoopsFigures>.Ok(new LoopsFigures(0, 0, 0, loops.Count, null, loops))),
            (AgentSource.Key, loops is null ? Reading<AgentStatus>.Unavailable("agent down") : Reading<AgentStatus>.Ok(Agent)),
            (HistoryImportSource.Key, Reading<HistoryImportStatus>.Ok(HistoryImport)),
        ]);

    /// <summary>A year of hours imported, up to date through the last complete hour.</summary>
    public static HistoryImportStatus HistoryImport { get; } = new(HistoryImportStatus.UpToDate, 8760, 8760, Now, null);

    /// <summary>The same readings with one source's replaced.</summary>
    public static CycleReadings With<TFigures>(this CycleReadings cycle, SourceKey<TFigures> source, Reading<TFigures> reading)
        where TFigures : class =>
        new(cycle.CollectedAt, cycle.FinishedAt, [.. cycle.Sources.Select(s => (s, s == source ? reading : cycle.Of(s)))]);

    /// <summary>The same readings with one source's figures replaced.</summary>
    public static CycleReadings With<TFigures>(this CycleReadings cycle, SourceKey<TFigures> source, TFigures figures)
        where TFigures : class => cycle.With(source, Reading<TFigures>.Ok(figures));

    /// <summary>100 input, 20 output tokens in 24 h, 40 cache reads and 10 writes; lifetime 1,000/200 tokens and $1.50, $0.12341 of it today.</summary>
    public static UsageFigures Usage { get; } = new(
        new UsageWindowFigures(100, 20, 0.12341, [new ModelUsage("m1", 100, 20, 0.12341)], 40, 10),
        new UsageTotalsFigures(
            new UsageSums(10, 1000, 200, 400, 100, 1_500_000_000),
            new Dictionary<string, UsageSums> { ["m1"] = new(10, 1000, 200, 400, 100, 1_500_000_000) },
            new Dictionary<string, UsageSums> { ["anthropic"] = new(10, 1000, 200, 400, 100, 1_500_000_000) },
            new Dictionary<string, UsageSums> { ["interactive"] = new(7, 700, 150, 300, 100, 1_000_000_000), ["scheduler"] = new(3, 300, 50, 100, 0, 500_000_000) },
            new UsageSums(1, 100, 20, 40, 10, 123_410_000),
            new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero),
            new UsageSums(10, 1000, 200, 400, 100, 1_500_000_000),
            new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)));

    /// <summary>A healthy agent, version 0.9.2, started at 08:00 UTC, one dependency ready.</summary>
    public static AgentStatus Agent { get; } = new("healthy", [new AgentDependency("homeassistant", true, "2026-11-24T11:59:30Z", null)],
        new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), "0.9.2", "3229ecc7");
}
