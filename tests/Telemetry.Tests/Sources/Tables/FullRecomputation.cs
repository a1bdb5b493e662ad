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

    public static async Task<UsageStats> AssertUsageMatchesAsync(UsageSource incremental, AgentPaths paths, DateTimeOffset now, string context = "")
    {
        var held = await ReadAsync(incremental.ReadAsync(now, CancellationToken.None), context);
        var fresh = new UsageSource(paths);
        var full = await ReadAsync(fresh.ReadAsync(now, CancellationToken.None), context);
        Assert.True(fresh.LastRead.IsFull, context);
        Assert.True(Describe(full) == Describe(held), $"{context}: full read {Describe(full)}, incremental {Describe(held)} ({incremental.LastRead.Reason})");

        // SQLite sums the costs in its own order, so the last bits may differ; tokens and models may not.
        var reference = ReferenceRead.Usage(paths.MainDb, now);
        Assert.True(
            reference.InputTokens == full.InputTokens && reference.OutputTokens == full.OutputTokens
            && Math.Abs(reference.CostUsd - full.CostUsd) <= 1e-9 * Math.Max(1, reference.CostUsd)
            && reference.ByModel.Select(m => (m.Model, m.InputTokens, m.OutputTokens)).SequenceEqual(full.ByModel.Select(m => (m.Model, m.InputTokens, m.OutputTokens))),
            $"{context}: specification {Describe(reference)}, full read {Describe(full)}");
        return held;
    }

    /// <summary>Every figure, costs to the last bit (round-trip format), models in order.</summary>
    public static string Describe(UsageStats usage) => string.Create(CultureInfo.InvariantCulture,
        $"in {usage.InputTokens} out {usage.OutputTokens} cost {usage.CostUsd:R} [{string.Join("; ", usage.ByModel.Select(m => $"{m.Model} {m.InputTokens}/{m.OutputTokens}/{m.CostUsd:R}"))}]");

    private static async Task<T> ReadAsync<T>(Task<Reading<T>> read, string context)
        where T : class
    {
        var reading = await read;
        Assert.True(reading.IsAvailable, $"{context}: {reading.Problem}");
        return reading.Value!;
    }
}
