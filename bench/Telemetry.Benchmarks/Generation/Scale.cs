namespace Telemetry.Benchmarks.Generation;

/// <summary>How big a generated agent is: log rows over <see cref="Days"/> days of history, the rest in proportion.</summary>
/// <param name="LastDayLogRows">Log rows of the last 24 hours when that day is busier than the others (the rest spread over the days before); null: an even history.</param>
/// <param name="Shape">How the log rows are made up (requests, usage); null: <see cref="Traffic"/>'s defaults.</param>
/// <param name="Writer">What the whole-process benchmark appends while it runs; null: <see cref="Traffic.Live"/>.</param>
internal sealed record Scale(string Name, long LogRows, long? LastDayLogRows = null, Func<double, Traffic>? Shape = null, Traffic? Writer = null)
{
    public const int Days = 7;

    public static readonly Scale Smoke = new("2k", 2_000);

    /// <summary>A lightly used agent (issue 11's small case): about 1,600 log rows in a week.</summary>
    public static readonly Scale Small = new("small", 1_600);

    /// <summary>Issue 11's heavy agent: 980,000 log rows, 784,000 of them in the last 24 hours, 148,000 requests a day.</summary>
    public static readonly Scale Heavy = new("heavy", 980_000, LastDayLogRows: 784_000, Shape: Traffic.Busy);

    /// <summary>Issue 18's busy day: 980,000 log rows, 784,000 in the last 24 hours, all in requests, 148,000 requests a day.</summary>
    public static readonly Scale Busy = new("busy", 980_000, LastDayLogRows: 784_000, Shape: Traffic.BusyDay, Writer: Traffic.BusyWriter);

    /// <summary>Issue 18's heavy user: the same shape at 300,000 requests a day (1.59 million log rows in the last 24 hours).</summary>
    public static readonly Scale HeavyUser = new("300k", 1_800_000, LastDayLogRows: 1_590_000, Shape: Traffic.BusyDay, Writer: Traffic.BusyWriter);

    public static readonly IReadOnlyList<Scale> Presets = [new("100k", 100_000), new("1m", 1_000_000), new("5m", 5_000_000), Smoke, Small, Heavy, Busy, HeavyUser];

    /// <summary>The scales of the in-process cycle benchmark's default run.</summary>
    public static IEnumerable<Scale> CycleDefaults => Presets.Take(3);

    public double LogRowsPerDay => LogRows / (double)Days;

    /// <summary>Traffic of the days before the last one.</summary>
    public Traffic Early => Make(LastDayLogRows is { } last ? (LogRows - last) / (double)(Days - 1) : LogRowsPerDay);

    /// <summary>Traffic of the last 24 hours.</summary>
    public Traffic LastDay => Make(LastDayLogRows ?? LogRowsPerDay);

    /// <summary>Sessions ever started: thousands at every scale, more with more traffic.</summary>
    public int Sessions => (int)Math.Max(2_000, LogRows / 400);

    /// <summary>Attachments ever received.</summary>
    public int Attachments => (int)(1_500 + (LogRows / 2_000));

    /// <summary>Where <c>generate</c> puts this scale's agent by default: <c>/tmp/thane-bench/&lt;scale&gt;</c>, or <c>&lt;scale&gt;-usage-&lt;rows&gt;</c> with <c>--usage-rows</c>.</summary>
    public string DefaultDir(long? usageRows = null) =>
        Path.Combine(Path.GetTempPath(), "thane-bench", usageRows is { } rows ? $"{Name}-usage-{RowCount.Short(rows)}" : Name);

    public static Scale Parse(string name) =>
        Presets.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown scale '{name}' (one of {string.Join(", ", Presets.Select(p => p.Name))})", nameof(name));

    private Traffic Make(double logRowsPerDay) => Shape?.Invoke(logRowsPerDay) ?? new Traffic(logRowsPerDay);
}
