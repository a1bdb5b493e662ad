using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Telemetry.Options;
using Telemetry.Sources;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;

namespace Telemetry.Tests.Sources.Tables;

/// <summary>Reads with the sources under test and with fresh ones (a full read of everything), and asserts both give the same figures.</summary>
internal static class FullRecomputation
{
    public static async Task<LogsFigures> AssertLogsMatchAsync(LogsReader incremental, AgentPaths paths, DateTimeOffset now, string context = "")
    {
        var held = await ReadAsync(incremental.ReadAsync(now, CancellationToken.None), context);
        var fresh = new LogsReader(paths, new MemoryRelief());
        var full = await ReadAsync(fresh.ReadAsync(now, CancellationToken.None), context);
        Assert.True(fresh.LastRead.IsFull, context);
        Assert.True(full == held, $"{context}: full read {full}, incremental {held} ({incremental.LastRead.Reason})");
        var reference = ReferenceRead.Logs(LogsFile.Locate(paths), now);
        Assert.True(reference == full, $"{context}: specification {reference}, full read {full}");
        return held;
    }

    /// <param name="zone">The local time zone <paramref name="incremental"/> was built with (the calendar totals' days).</param>
    /// <param name="rowsDeletedOutsideTheWindow">
    /// Something other than the agent (which never deletes usage rows) deleted rows older than the window: the lifetime
    /// totals then follow at the next audit or full read, so they are compared only on those reads.
    /// </param>
    public static async Task<UsageFigures> AssertUsageMatchesAsync(
        UsageReader incremental, AgentPaths paths, DateTimeOffset now, string context = "", TimeZoneInfo? zone = null, bool rowsDeletedOutsideTheWindow = false)
    {
        zone ??= TimeZoneInfo.Local;
        var held = await ReadAsync(incremental.ReadAsync(now, CancellationToken.None), context);
        var fresh = new UsageReader(paths, Clock(now, zone), new MemoryRelief());
        var full = await ReadAsync(fresh.ReadAsync(now, CancellationToken.None), context);
        Assert.True(fresh.LastRead.IsFull, context);
        var compareTotals = !rowsDeletedOutsideTheWindow || incremental.LastRead.IsFull || incremental.LastRead.Audited;
        var (fullFigures, heldFigures) = compareTotals ? (Describe(full), Describe(held)) : (Describe(full.Window), Describe(held.Window));
        Assert.True(fullFigures == heldFigures, $"{context}: full read {fullFigures}, incremental {heldFigures} ({incremental.LastRead.Reason})");

        // SQLite sums the costs in its own order, so the last bits may differ; tokens and models may not.
        var reference = ReferenceRead.Usage(paths.MainDb, now);
        var window = full.Window;
        Assert.True(
            reference.InputTokens == window.InputTokens && reference.OutputTokens == window.OutputTokens
            && reference.CacheReadTokens == window.CacheReadTokens && reference.CacheWriteTokens == window.CacheWriteTokens
            && Math.Abs(reference.CostUsd - window.CostUsd) <= 1e-9 * Math.Max(1, reference.CostUsd)
            && reference.ByModel.Select(m => (m.Model, m.InputTokens, m.OutputTokens)).SequenceEqual(window.ByModel.Select(m => (m.Model, m.InputTokens, m.OutputTokens))),
            $"{context}: specification {Describe(reference)}, full read {Describe(window)}");
        var referenceTotals = ReferenceRead.UsageTotals(paths.MainDb, now, zone);
        Assert.True(Describe(referenceTotals) == Describe(full.Totals), $"{context}: specification {Describe(referenceTotals)}, full read {Describe(full.Totals)}");
        return held;
    }

    /// <summary>A clock at <paramref name="now"/> whose local time zone is <paramref name="zone"/>.</summary>
    public static FakeTimeProvider Clock(DateTimeOffset now, TimeZoneInfo zone)
    {
        var clock = new FakeTimeProvider(now);
        clock.SetLocalTimeZone(zone);
        return clock;
    }

    /// <summary>Every figure, costs to the last bit (round-trip format), models in order, and the lifetime and calendar totals.</summary>
    public static string Describe(UsageFigures usage) => Describe(usage.Window) + " " + Describe(usage.Totals);

    /// <summary>The 24-hour window's figures, costs to the last bit, models in order.</summary>
    public static string Describe(UsageWindowFigures window) => string.Create(CultureInfo.InvariantCulture,
        $"in {window.InputTokens} out {window.OutputTokens} cache {window.CacheReadTokens}/{window.CacheWriteTokens} cost {window.CostUsd:R} [{string.Join("; ", window.ByModel.Select(m => $"{m.Model} {m.InputTokens}/{m.OutputTokens}/{m.CostUsd:R}"))}]");

    public static string Describe(UsageTotalsFigures totals) => string.Create(CultureInfo.InvariantCulture,
        $"lifetime {totals.Lifetime} models [{Describe(totals.ByModel)}] providers [{Describe(totals.ByProvider)}] roles [{Describe(totals.ByRole)}] today {totals.Today} from {totals.TodayStart:O} month {totals.Month} from {totals.MonthStart:O}");

    private static string Describe(IReadOnlyDictionary<string, UsageSums> sums) =>
        string.Join("; ", sums.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}"));

    private static async Task<T> ReadAsync<T>(Task<Reading<T>> read, string context)
        where T : class
    {
        var reading = await read;
        Assert.True(reading.Value is not null, $"{context}: {reading.Problem}");
        return reading.Value;
    }
}
