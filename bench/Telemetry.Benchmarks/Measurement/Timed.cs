using System.Diagnostics;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>Wall and CPU time of synchronous work in this process, repeated after warm-up.</summary>
/// <remarks>
/// CPU is <see cref="Environment.CpuUsage"/> (getrusage: microseconds) rather than <see cref="Process.TotalProcessorTime"/>,
/// which Linux reports in 10 ms clock ticks: too coarse for requests of a few milliseconds.
/// </remarks>
internal static class Timed
{
    public static Sample Once(Action work)
    {
        var bytes = ProcessCounters.BytesRead();
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        work();
        var wall = Stopwatch.GetElapsedTime(started);
        return new Sample(wall, Environment.CpuUsage.TotalTime - cpu, ProcessCounters.BytesRead() - bytes);
    }

    /// <summary>
    /// Runs every piece of work <paramref name="warmups"/> times unmeasured and for at least <paramref name="warmupTime"/>,
    /// then <paramref name="runs"/> times measured, round-robin with the starting piece rotating, so that drift (page
    /// cache, CPU frequency, other load) touches all alike.
    /// </summary>
    /// <param name="warmupTime">Long enough for the runtime's background recompilation of hot methods to be done; it would otherwise count as CPU.</param>
    /// <param name="budget">After this long measuring, no further round is started (there is always one): for work of tens of seconds.</param>
    public static IReadOnlyList<IReadOnlyList<Sample>> Alternating(IReadOnlyList<Action> works, int warmups, int runs, TimeSpan warmupTime, TimeSpan? budget = null)
    {
        var started = Stopwatch.GetTimestamp();
        for (var round = 0; round < warmups || Stopwatch.GetElapsedTime(started) < warmupTime; round++)
        {
            foreach (var work in works)
            {
                work();
            }
        }

        var samples = works.Select(_ => new List<Sample>()).ToList();
        var measuring = Stopwatch.GetTimestamp();
        for (var run = 0; run < runs && (run == 0 || budget is not { } limit || Stopwatch.GetElapsedTime(measuring) < limit); run++)
        {
            for (var k = 0; k < works.Count; k++)
            {
                var index = (run + k) % works.Count;
                samples[index].Add(Once(works[index]));
            }
        }

        return samples;
    }

    /// <summary>
    /// Runs the pieces of work at once, each on a thread of its own (the thread pool would start some late on a small
    /// machine), as a server answers requests sent together; the time of the slowest from the common start.
    /// </summary>
    public static (Sample All, TimeSpan Slowest) Together(IReadOnlyList<Action> works)
    {
        var slowest = TimeSpan.Zero;
        var all = Once(() =>
        {
            var started = Stopwatch.GetTimestamp();
            var running = works
                .Select(work => Task.Factory.StartNew(() => { work(); return Stopwatch.GetElapsedTime(started); }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
                .ToArray();
            Task.WaitAll(running);
            slowest = running.Max(t => t.Result);
        });
        return (all, slowest);
    }
}
