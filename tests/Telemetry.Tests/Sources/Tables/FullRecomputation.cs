using Microsoft.Extensions.Time.Testing;
using System.Globalization;
using Telemetry.AgentSimulator;
using Telemetry.Collection;
using Telemetry.HomeAssistant;
using Telemetry.Hosting;
using Telemetry.Mqtt;
using Telemetry.Options;
using Telemetry.Sources;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Sessions;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Tables;

/// <summary>Reads with the sources under test and with fresh ones (a full read of everything), and asserts both give the same figures.</summary>
internal static class FullRecomputation
{
    public static async Task<LogStats> AssertLogsMatchAsync(LogsSource incremental, AgentPaths paths, DateTimeOffset now, string context = "")
    {
        var held = await ReadAsync(incremental.ReadAsync(now, CancellationToken.None), context);
        var fresh = new LogsSource(paths);
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
    public static async Task<UsageStats> AssertUsageMatchesAsync(
        UsageSource incremental, AgentPaths paths, DateTimeOffset now, string context = "", TimeZoneInfo? zone = null, bool rowsDeletedOutsideTheWindow = false)
    {
        zone ??= TimeZoneInfo.Local;
        var held = await ReadAsync(incremental.ReadAsync(now, CancellationToken.None), context);
        var fresh = new UsageSource(paths, Clock(now, zone));
        var full = await ReadAsync(fresh.ReadAsync(now, CancellationToken.None), context);
        Assert.True(fresh.LastRead.IsFull, context);
        var compareTotals = !rowsDeletedOutsideTheWindow || incremental.LastRead.IsFull || incremental.LastRead.Audited;
        var (fullFigures, heldFigures) = compareTotals ? (Describe(full), Describe(held)) : (Describe(full with { Totals = null }), Describe(held with { Totals = null }));
        Assert.True(fullFigures == heldFigures, $"{context}: full read {fullFigures}, incremental {heldFigures} ({incremental.LastRead.Reason})");

        // SQLite sums the costs in its own order, so the last bits may differ; tokens and models may not.
        var reference = ReferenceRead.Usage(paths.MainDb, now);
        Assert.True(
            reference.InputTokens == full.InputTokens && reference.OutputTokens == full.OutputTokens
            && reference.CacheReadTokens == full.CacheReadTokens && reference.CacheWriteTokens == full.CacheWriteTokens
            && Math.Abs(reference.CostUsd - full.CostUsd) <= 1e-9 * Math.Max(1, reference.CostUsd)
            && reference.ByModel.Select(m => (m.Model, m.InputTokens, m.OutputTokens)).SequenceEqual(full.ByModel.Select(m => (m.Model, m.InputTokens, m.OutputTokens))),
            $"{context}: specification {Describe(reference)}, full read {Describe(full)}");
        var referenceTotals = ReferenceRead.UsageTotals(paths.MainDb, now, zone);
        Assert.True(Describe(referenceTotals) == Describe(full.Totals!), $"{context}: specification {Describe(referenceTotals)}, full read {Describe(full.Totals!)}");
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
    public static string Describe(UsageStats usage) => string.Create(CultureInfo.InvariantCulture,
        $"in {usage.InputTokens} out {usage.OutputTokens} cache {usage.CacheReadTokens}/{usage.CacheWriteTokens} cost {usage.CostUsd:R} [{string.Join("; ", usage.ByModel.Select(m => $"{m.Model} {m.InputTokens}/{m.OutputTokens}/{m.CostUsd:R}"))}]")
        + (usage.Totals is { } totals ? " " + Describe(totals) : "");

    public static string Describe(UsageTotalsStats totals) => string.Create(CultureInfo.InvariantCulture,
        $"lifetime {totals.Lifetime} models [{Describe(totals.ByModel)}] providers [{Describe(totals.ByProvider)}] roles [{Describe(totals.ByRole)}] today {totals.Today} from {totals.TodayStart:O} month {totals.Month} from {totals.MonthStart:O}");

    private static string Describe(IReadOnlyDictionary<string, UsageSums> sums) =>
        string.Join("; ", sums.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}"));

    private static async Task<T> ReadAsync<T>(Task<Reading<T>> read, string context)
        where T : class
    {
        var reading = await read;
        Assert.True(reading.IsAvailable, $"{context}: {reading.Problem}");
        return reading.Value!;
    }
}
