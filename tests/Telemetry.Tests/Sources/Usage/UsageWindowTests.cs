using Telemetry.AgentSimulator;
using Telemetry.Options;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;
using Telemetry.Testing;
using Telemetry.Tests.Sources.Tables;

namespace Telemetry.Tests.Sources.Usage;

/// <summary>Usage rows held across reads: rows stamped in the future, rows written late, and the window's edges.</summary>
public sealed class UsageWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 12, 0, 0, 500, TimeSpan.Zero);

    [Fact]
    public async Task ReadAsync_RowStampedInTheFuture_CountsOnceTheClockPassesIt()
    {
        // Given a row stamped five minutes ahead and one now, read once
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddUsage(AgentTime.Rfc3339(Now.AddMinutes(5)), "ahead", input: 100, output: 10, cost: 0.5);
        agent.AddUsage(AgentTime.Rfc3339(Now.AddSeconds(-1)), "now", input: 1, output: 1, cost: 0.25);
        var paths = AgentPaths.From(agent.Options());
        var usage = new UsageReader(paths, TimeProvider.System, new MemoryRelief());
        var first = await FullRecomputation.AssertUsageMatchesAsync(usage, paths, Now);

        // When the clock reaches its second, and then a day later
        var atIt = await FullRecomputation.AssertUsageMatchesAsync(usage, paths, Now.AddMinutes(5));
        var justAfter = await FullRecomputation.AssertUsageMatchesAsync(usage, paths, Now.AddMinutes(5).AddSeconds(1));
        var dayLater = await FullRecomputation.AssertUsageMatchesAsync(usage, paths, Now.AddMinutes(5).AddHours(24).AddSeconds(1));

        // Then it is out while the window ends before it, in once past it, and gone a day later
        Assert.Equal(["now"], first.Window.ByModel.Select(m => m.Model));
        Assert.Equal(["now"], atIt.Window.ByModel.Select(m => m.Model));
        Assert.Equal(["ahead", "now"], justAfter.Window.ByModel.Select(m => m.Model));
        Assert.Empty(dayLater.Window.ByModel);
        Assert.False(usage.LastRead.IsFull, usage.LastRead.Reason);
    }

    [Fact]
    public async Task ReadAsync_RowWrittenLateWithAnOldTimestamp_CountsOnlyWhileItsTimeIsInTheWindow()
    {
        // Given a read, then rows recorded late: one stamped inside the window, one already behind it
        using var agent = AgentDirectory.CreateCurrent();
        agent.AddUsage(AgentTime.Rfc3339(Now.AddHours(-1)), "a", input: 1, output: 1, cost: 0.1);
        var paths = AgentPaths.From(agent.Options());
        var usage = new UsageReader(paths, TimeProvider.System, new MemoryRelief());
        await FullRecomputation.AssertUsageMatchesAsync(usage, paths, Now);
        agent.AddUsage(AgentTime.Rfc3339(Now.AddHours(-23)), "late", input: 10, output: 10, cost: 1);
        agent.AddUsage(AgentTime.Rfc3339(Now.AddHours(-25)), "too-late", input: 100, output: 100, cost: 10);

        // When
        var stats = await FullRecomputation.AssertUsageMatchesAsync(usage, paths, Now.AddMinutes(1));
        var later = await FullRecomputation.AssertUsageMatchesAsync(usage, paths, Now.AddHours(1).AddMinutes(1));

        // Then
        Assert.Equal(["late", "a"], stats.Window.ByModel.Select(m => m.Model));
        Assert.Equal(["a"], later.Window.ByModel.Select(m => m.Model));
    }

    [Fact]
    public async Task ReadAsync_ManyRowsOfOneModel_CostIsTheSameBitsAsAFullRead()
    {
        // Given costs whose floating-point sum depends on its order, written out of time order
        using var agent = AgentDirectory.CreateCurrent();
        var random = new Random(4);
        var paths = AgentPaths.From(agent.Options());
        var usage = new UsageReader(paths, TimeProvider.System, new MemoryRelief());
        for (var minute = 0; minute < 120; minute++)
        {
            for (var i = 0; i < 5; i++)
            {
                agent.AddUsage(AgentTime.Rfc3339(Now.AddMinutes(minute - 1).AddSeconds(random.Next(-90, 60))), "m", input: 1, output: 1, cost: random.NextDouble() / 7);
            }

            // When read every minute, then the cost equals a fresh read's to the last bit
            await FullRecomputation.AssertUsageMatchesAsync(usage, paths, Now.AddMinutes(minute), $"minute {minute}");
        }
    }
}
