using Telemetry.Collection;
using Telemetry.Sources;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Sessions;
using Telemetry.Sources.Usage;

namespace Telemetry.Testing;

/// <summary>Snapshots with plausible values, for tests of what is published rather than of what is read.</summary>
internal static class TestSnapshots
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    /// <param name="loops">The root loops; null for an agent API that cannot be reached.</param>
    /// <param name="legacyUsageFile">Whether the legacy usage.db exists (absent on agents since 2026-03-30).</param>
    public static Snapshot Create(IReadOnlyList<LoopInfo>? loops, bool legacyUsageFile = false, long sessions = 3) => new(
        Now,
        Reading<MainStats>.Ok(new MainStats(4096, sessions)),
        Reading<UsageStats>.Ok(new UsageStats(100, 20, 0.12341, [new ModelUsage("m1", 100, 20, 0.12341)])),
        Reading<LogStats>.Ok(new LogStats(8192, 3, 2, 1250, 1950)),
        Reading<AttachmentStats>.Ok(new AttachmentStats(4096, 42, 1_048_576, 30)),
        legacyUsageFile ? Reading<LegacyUsageFile>.Ok(new LegacyUsageFile(8192)) : Reading<LegacyUsageFile>.Absent("usage.db does not exist"),
        loops is null ? Reading<LoopStats>.Unavailable("agent down") : Reading<LoopStats>.Ok(new LoopStats(0, 0, 0, loops.Count, null, loops)),
        []);
}
