namespace Telemetry.Benchmarks.Generation;

/// <summary>How big a generated agent is: log rows over <see cref="Days"/> days of history, the rest in proportion.</summary>
internal sealed record Scale(string Name, long LogRows)
{
    public const int Days = 7;

    public static readonly Scale Smoke = new("2k", 2_000);

    public static readonly IReadOnlyList<Scale> Presets = [new("100k", 100_000), new("1m", 1_000_000), new("5m", 5_000_000), Smoke];

    public double LogRowsPerDay => LogRows / (double)Days;

    /// <summary>Sessions ever started: thousands at every scale, more with more traffic.</summary>
    public int Sessions => (int)Math.Max(2_000, LogRows / 400);

    /// <summary>Attachments ever received.</summary>
    public int Attachments => (int)(1_500 + (LogRows / 2_000));

    public static Scale Parse(string name) =>
        Presets.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown scale '{name}' (one of {string.Join(", ", Presets.Select(p => p.Name))})", nameof(name));
}
