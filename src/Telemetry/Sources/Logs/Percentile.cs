namespace Telemetry.Sources.Logs;

/// <summary>Linear-interpolation percentile (numpy "linear", Excel PERCENTILE.INC), as the agent computes it.</summary>
internal static class Percentile
{
    /// <param name="sorted">Values in ascending order.</param>
    /// <param name="p">0 to 100.</param>
    public static double Of(IReadOnlyList<double> sorted, double p)
    {
        var n = sorted.Count;
        if (n == 0)
        {
            return 0;
        }

        if (n == 1)
        {
            return sorted[0];
        }

        var rank = p / 100 * (n - 1);
        var lo = (int)Math.Floor(rank);
        return lo + 1 >= n ? sorted[n - 1] : sorted[lo] + ((rank - lo) * (sorted[lo + 1] - sorted[lo]));
    }
}
