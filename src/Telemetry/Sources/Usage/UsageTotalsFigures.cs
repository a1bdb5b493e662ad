namespace Telemetry.Sources.Usage;

/// <summary>Lifetime sums over every usage row, with breakdowns, and the sums of today and this month in local time.</summary>
/// <param name="Today">Today's sums; null while they cannot be known (over the agent's API, before the day's first read).</param>
/// <param name="TodayStart">When today began locally (the calendar sensors' <c>last_reset</c>).</param>
/// <param name="MonthStart">When this month began locally.</param>
internal sealed record UsageTotalsFigures(
    UsageSums Lifetime,
    IReadOnlyDictionary<string, UsageSums> ByModel,
    IReadOnlyDictionary<string, UsageSums> ByProvider,
    IReadOnlyDictionary<string, UsageSums> ByRole,
    UsageSums? Today,
    DateTimeOffset TodayStart,
    UsageSums? Month,
    DateTimeOffset MonthStart);
