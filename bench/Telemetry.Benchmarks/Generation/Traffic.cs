namespace Telemetry.Benchmarks.Generation;

/// <summary>How an agent's writes are made up, per day: log rows, how many of them belong to requests and how long a request is, and usage rows.</summary>
/// <param name="RequestRowShare">Share of log rows that carry a request id.</param>
/// <param name="MedianRowsPerRequest">Median rows of one request (log-normal, sigma 0.75, rounded, at least 1).</param>
/// <param name="MeanRowsPerRequest">The mean of that distribution, which sets the request rate (by simulation of it: 21.2 for a median of 16, 3.98 for 3).</param>
/// <param name="UsagePerRequest">Chance that a request makes one LLM call; null: 1 to 9 calls per request (mean about 2.3), as an agent that calls a model for everything.</param>
/// <param name="BackgroundUsageShare">Share of background (loop) log rows that come with an LLM call.</param>
/// <param name="ErrorShare">Share of request rows at level ERROR; null: the default mix (5.5 % ERROR, 0.05 % ERROR+4).</param>
internal sealed record Traffic(
    double LogRowsPerDay,
    double RequestRowShare = 0.6,
    double MedianRowsPerRequest = 16,
    double MeanRowsPerRequest = 21.2,
    double? UsagePerRequest = null,
    double BackgroundUsageShare = 0.02,
    double? ErrorShare = null)
{
    /// <summary>
    /// The busy agent of issue 11's heavy case, per day: 784,000 log rows of which 148,000 requests (short ones, 4 rows
    /// on average) and about 8,600 usage rows. Per second that is 9 log rows and 0.1 usage rows: the whole-process
    /// benchmark's writer (90 log rows and one usage row per 10-second cycle).
    /// </summary>
    public static Traffic Busy(double logRowsPerDay) => new(logRowsPerDay, RequestRowShare: 0.7516, MedianRowsPerRequest: 3, MeanRowsPerRequest: 3.98,
        UsagePerRequest: 0.032, BackgroundUsageShare: 0.02);

    /// <summary>The writer of the whole-process benchmark: <see cref="Busy"/> at 784,000 log rows a day.</summary>
    public static readonly Traffic Live = Busy(784_000);

    /// <summary>
    /// Issue 18's busy day, generated apart from <see cref="Busy"/>: every log row but one in 200 belongs to a request, 5.3 rows a
    /// request (a median of 4), an ERROR in 40 rows, about 8,600 usage rows a day at 148,000 requests.
    /// </summary>
    public static Traffic BusyDay(double logRowsPerDay) => new(logRowsPerDay, RequestRowShare: 0.995, MedianRowsPerRequest: 4, MeanRowsPerRequest: 5.3,
        UsagePerRequest: 0.058, ErrorShare: 1 / 40.0);

    /// <summary>
    /// Issue 18's writer: about 90 log rows a 10-second cycle, a new request every 15 rows, an ERROR every 40 rows and
    /// one usage row a cycle (one in six requests).
    /// </summary>
    public static readonly Traffic BusyWriter = new(784_000, RequestRowShare: 0.995, MedianRowsPerRequest: 11.3, MeanRowsPerRequest: 15,
        UsagePerRequest: 1 / 6.0, ErrorShare: 1 / 40.0);

    public double RequestsPerDay => LogRowsPerDay * RequestRowShare / MeanRowsPerRequest;
}
