namespace Telemetry.Sources.Logs;

/// <summary>What a request keeps: its row count, first and last parsed time, smallest and largest window key.</summary>
internal readonly record struct RequestSummary(int Rows, long First, long Last, long MinKey, long MaxKey)
{
    public static readonly RequestSummary Empty = new(0, long.MaxValue, long.MinValue, long.MaxValue, long.MinValue);

    /// <summary>As in the agent: a request needs two rows and a positive span to have a latency.</summary>
    public double? Latency => Rows > 1 && Last > First ? TimeSpan.FromTicks(Last - First).TotalMilliseconds : null;

    public RequestSummary Include(long key, long at) =>
        new(Rows + 1, Math.Min(First, at), Math.Max(Last, at), Math.Min(MinKey, key), Math.Max(MaxKey, key));
}
