namespace Telemetry.Sources.Usage.Api;

/// <summary>What is known of the agent's usage history at the last local top of the hour that was read, kept in <c>/data</c> across restarts.</summary>
/// <param name="BaseAt">A local top of the hour: <paramref name="Before"/> sums every row stamped before it. Null until the first hour is followed.</param>
/// <param name="LatestAt">The second <paramref name="Through"/> was read at: it sums every row stamped up to that second, included.</param>
/// <param name="DayStart">The local day <paramref name="BeforeDay"/> belongs to; <paramref name="BeforeDay"/> sums the rows before it, null while it cannot be known yet.</param>
/// <param name="MonthStart">The same for the month.</param>
internal sealed record UsageHoursState(
    DateTimeOffset? BaseAt,
    UsageTally? Before,
    DateTimeOffset LatestAt,
    UsageTally Through,
    DateTimeOffset? DayStart,
    UsageSums? BeforeDay,
    DateTimeOffset? MonthStart,
    UsageSums? BeforeMonth);
