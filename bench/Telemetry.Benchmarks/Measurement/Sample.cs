namespace Telemetry.Benchmarks.Measurement;

/// <summary>One measured run of a collection: wall time, CPU time of the whole process, bytes read.</summary>
internal readonly record struct Sample(TimeSpan Wall, TimeSpan Cpu, long BytesRead)
{
    public static async Task<(T Result, Sample Sample)> MeasureAsync<T>(Func<Task<T>> run)
    {
        var bytes = ProcessCounters.BytesRead();
        var cpu = ProcessCounters.Cpu();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await run();
        var wall = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return (result, new Sample(wall, ProcessCounters.Cpu() - cpu, ProcessCounters.BytesRead() - bytes));
    }
}
