using Microsoft.Extensions.Time.Testing;
using Telemetry.Options;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;
using Telemetry.Testing;
using Telemetry.Tests.Sources.Tables;

namespace Telemetry.Tests.Sources.Usage;

/// <summary>Lifetime and calendar totals of <c>usage_records</c> in a time zone with daylight saving, across a clock change, midnights and a month end.</summary>
public sealed class UsageTotalsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public async Task ReadAsync_WeekAcrossDaylightSavingAndMonthEnd_EqualsAFullComputationAtEveryStepAndNeverGoesBack()
    {
        // Given two days of history, and a usage source in Berlin's time zone
        using var agent = AgentDirectory.CreateCurrent();
        var activity = new AgentActivity(agent, seed: 25);
        var start = new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero);
        activity.Write(start - TimeSpan.FromDays(2), start, SimulatedDayTests.RequestsPerMinute);
        var paths = AgentPaths.From(agent.Options());
        var usage = new UsageReader(paths, FullRecomputation.Clock(start, Berlin), new MemoryRelief());
        var previous = default(UsageTotalsFigures);
        var resets = new List<(DateTimeOffset At, DateTimeOffset TodayStart)>();

        // When the clock moves to 1 November, read every 17 minutes and every minute around each boundary
        var steps = Steps(start, new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero)).ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            var now = steps[i];
            if (i > 0)
            {
                activity.Write(steps[i - 1], now, SimulatedDayTests.RequestsPerMinute);
            }

            // Then every figure equals a fresh full computation (a restart), checked against the plain specification
            var totals = (await FullRecomputation.AssertUsageMatchesAsync(usage, paths, now, $"at {now:O}", Berlin)).Totals!;

            // And no counter goes back; today and this month start again only at a local midnight and a month's first
            if (previous is not null)
            {
                Assert.True(totals.Lifetime.CostNanos >= previous.Lifetime.CostNanos && totals.Lifetime.InputTokens >= previous.Lifetime.InputTokens, $"lifetime went back at {now:O}");
                if (totals.TodayStart == previous.TodayStart)
                {
                    Assert.True(totals.Today?.CostNanos >= previous.Today?.CostNanos, $"today went back at {now:O}");
                }
                else
                {
                    resets.Add((now, totals.TodayStart));
                }

                Assert.True(totals.MonthStart != previous.MonthStart || totals.Month?.CostNanos >= previous.Month?.CostNanos, $"the month went back at {now:O}");
            }

            previous = totals;
        }

        // And the days began at the local midnights: 2 h before UTC's in summer time, 1 h after the clock went back
        Assert.Equal(
            [
                new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.FromHours(2)),
                new DateTimeOffset(2026, 10, 26, 0, 0, 0, TimeSpan.FromHours(1)),
                new DateTimeOffset(2026, 10, 27, 0, 0, 0, TimeSpan.FromHours(1)),
                new DateTimeOffset(2026, 10, 28, 0, 0, 0, TimeSpan.FromHours(1)),
                new DateTimeOffset(2026, 10, 29, 0, 0, 0, TimeSpan.FromHours(1)),
                new DateTimeOffset(2026, 10, 30, 0, 0, 0, TimeSpan.FromHours(1)),
                new DateTimeOffset(2026, 10, 31, 0, 0, 0, TimeSpan.FromHours(1)),
                new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(1)),
            ],
            resets.Select(r => r.TodayStart));
        Assert.All(resets, r => Assert.True(r.At >= r.TodayStart && r.At - r.TodayStart < TimeSpan.FromMinutes(2), $"a reset seen at {r.At:O}"));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(1)), previous!.MonthStart);
        Assert.True(previous.Month?.Rows > 0 && previous.Month?.Rows < previous.Lifetime.Rows);
    }

    [Fact]
    public async Task ReadAsync_UnreadableDatabase_HasNoTotalsRatherThanZeros()
    {
        // Given a read, then thane.db replaced by something that is not a database
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddUsage("2026-11-24T10:00:00Z", "m", input: 10, output: 2, cost: 0.5);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var usage = new UsageReader(AgentPaths.From(agent.Options()), clock, new MemoryRelief());
        var before = await usage.ReadAsync(clock.GetUtcNow(), CancellationToken.None);
        agent.CloseWriters();
        await File.WriteAllTextAsync(agent.MainDb, "not a database");

        // When
        var after = await usage.ReadAsync(clock.GetUtcNow(), CancellationToken.None);

        // Then the counters are unavailable, not 0 and not a partial sum
        Assert.Equal(500_000_000, before.Value!.Totals!.Lifetime.CostNanos);
        Assert.Null(after.Value);
    }

    /// <summary>Every 17 minutes, and every minute within ten minutes of a local midnight or the clock change.</summary>
    private static IEnumerable<DateTimeOffset> Steps(DateTimeOffset from, DateTimeOffset to)
    {
        for (var at = from; at <= to; at += TimeSpan.FromMinutes(1))
        {
            var local = TimeZoneInfo.ConvertTime(at, Berlin);
            var nearMidnight = local.TimeOfDay < TimeSpan.FromMinutes(10) || local.TimeOfDay > TimeSpan.FromHours(24) - TimeSpan.FromMinutes(10);
            var nearClockChange = Math.Abs((at - new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero)).TotalMinutes) <= 10;
            if (nearMidnight || nearClockChange || (at - from).TotalMinutes % 17 == 0)
            {
                yield return at;
            }
        }
    }
}
