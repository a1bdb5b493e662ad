namespace Telemetry.Benchmarks.Measurement;

/// <summary>Medians and spread of samples.</summary>
internal static class Summary
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Ms(this TimeSpan span) => span.TotalMilliseconds;

    public static double Min(IEnumerable<double> values) => values.DefaultIfEmpty(double.NaN).Min();

    public static double Max(IEnumerable<double> values) => values.DefaultIfEmpty(double.NaN).Max();

    public static double Mean(IEnumerable<double> values) => values.DefaultIfEmpty(double.NaN).Average();
}
