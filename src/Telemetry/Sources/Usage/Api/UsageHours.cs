namespace Telemetry.Sources.Usage.Api;

/// <summary>Follows the agent's usage over its API hour by hour, so that the lifetime and calendar totals are exact, for the cost of a few hours of rows a read.</summary>
/// <remarks>
/// <para>
/// The API sums the rows of <c>[end − n h, end]</c>, both seconds included, <c>end</c> being the agent's "now"; nothing
/// else. Two windows read in the same second of the agent (the same <c>end</c>) give the rows of
/// <c>[end − a h, end − b h)</c> exactly, a half-open span whose rows are long committed. So, read at each local top of
/// the hour <c>T</c>: <c>Before(T − 1 h) = Before(previous base) + [W(T, a) − W(T, 1)]</c>, and the lifetime through
/// <c>T</c> is <c>Before(T − 1 h) + W(T, 1)</c>. A row the agent commits a moment after its second is in the next
/// read's <c>W(T, 1)</c> and in no <c>Before</c> until it is an hour old: counted once, never twice.
/// </para>
/// <para>
/// Local midnight and the first of the month are a whole number of hours before every local top of the hour, so the
/// rows before them come from one more window in the same second; today and this month are then the lifetime minus
/// those. At a midnight read itself the rows of that very second cannot be told apart yet: today is 0 until the next
/// hour's read. Before the first read of a day or month, it is unknown. The first start reads the whole history
/// once (<see cref="UsageQuery.AllHistory"/>); afterwards a read covers the hours since the last one.
/// </para>
/// </remarks>
internal static class UsageHours
{
    /// <summary>The requests of the first read, at any second: the whole history by model, provider and role.</summary>
    public static IReadOnlyList<UsageQuery> FirstQueries(DateTimeOffset now) =>
        [.. UsageQuery.Breakdowns.Select(g => new UsageQuery(UsageQuery.AllHistory(now), g))];

    /// <summary>The state after the first read, whose answers all ended in one second; the calendar totals wait for a top of the hour.</summary>
    public static UsageHoursState First(IReadOnlyDictionary<UsageQuery, UsageApiAnswer> answers)
    {
        var hours = answers.Keys.First().Hours;
        return new(null, null, answers.Values.First().End, Tally(answers, hours), null, null, null, null);
    }

    /// <summary>The requests of the read at the local top of the hour <paramref name="top"/>, all to be answered in that second.</summary>
    public static IReadOnlyList<UsageQuery> HourQueries(UsageHoursState state, DateTimeOffset top, TimeZoneInfo zone)
    {
        var back = Span(state, top);
        var queries = new List<UsageQuery>();
        foreach (var group in UsageQuery.Breakdowns)
        {
            queries.Add(new UsageQuery(back, group));
            queries.Add(new UsageQuery(1, group));
        }

        foreach (var (start, known) in new[] { (DayStart(top, zone), state.DayStart == DayStart(top, zone) && state.BeforeDay is not null),
                                                 (MonthStart(top, zone), state.MonthStart == MonthStart(top, zone) && state.BeforeMonth is not null) })
        {
            if (!known && WholeHoursBefore(start, top) is >= 2 and var hours)
            {
                queries.Add(new UsageQuery(hours, null));
            }
        }

        return queries.Distinct().ToList();
    }

    /// <summary>The state after the read at <paramref name="top"/>, whose answers all ended in that second.</summary>
    public static UsageHoursState Hour(UsageHoursState state, DateTimeOffset top, TimeZoneInfo zone, IReadOnlyDictionary<UsageQuery, UsageApiAnswer> answers)
    {
        var lastHour = Tally(answers, 1);
        var before = (state.Before ?? UsageTally.Empty).Plus(Tally(answers, Span(state, top)).Minus(lastHour));
        var baseAt = top.AddHours(-1);
        return new UsageHoursState(
            baseAt,
            before,
            top,
            before.Plus(lastHour).AtLeast(state.Through),
            DayStart(top, zone),
            Before(DayStart(top, zone), state.DayStart, state.BeforeDay),
            MonthStart(top, zone),
            Before(MonthStart(top, zone), state.MonthStart, state.BeforeMonth));

        // The rows before a calendar start: kept, the last base, or the base less the span from the start to it.
        UsageSums? Before(DateTimeOffset start, DateTimeOffset? knownStart, UsageSums? known) => WholeHoursBefore(start, top) switch
        {
            _ when knownStart == start && known is not null => known,
            1 => before.All,
            >= 2 and var hours => UsageTally.Difference(before.All, UsageTally.Difference(answers[new UsageQuery(hours, null)].Summary, lastHour.All)),
            _ => null,
        };
    }

    /// <summary>The totals at <paramref name="now"/>: the lifetime as of the last read, and today and this month where the last read was in them.</summary>
    public static UsageTotalsFigures Totals(UsageHoursState state, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = DayStart(now, zone);
        var month = MonthStart(now, zone);
        return new UsageTotalsFigures(
            state.Through.All,
            state.Through.ByModel,
            state.Through.ByProvider,
            state.Through.ByRole,
            Since(today, state.DayStart, state.BeforeDay),
            today,
            Since(month, state.MonthStart, state.BeforeMonth),
            month);

        UsageSums? Since(DateTimeOffset start, DateTimeOffset? knownStart, UsageSums? before) =>
            knownStart != start || state.LatestAt < start ? null
            : before is { } sums ? UsageTally.Difference(state.Through.All, sums)
            : default(UsageSums);
    }

    /// <summary>The first local top of the hour after <paramref name="instant"/>.</summary>
    public static DateTimeOffset NextTop(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var candidate = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset).AddHours(1);
        // Where the offset changes within the hour, the top is where local time reads a whole hour again.
        while (TimeZoneInfo.ConvertTime(candidate, zone) is var at && (at.Minute != 0 || at.Second != 0))
        {
            candidate = candidate.AddMinutes(30);
        }

        return candidate.ToUniversalTime();
    }

    private static long Span(UsageHoursState state, DateTimeOffset top) =>
        state.BaseAt is { } at && WholeHoursBefore(at, top) is >= 2 and var hours ? hours : UsageQuery.AllHistory(top);

    private static long? WholeHoursBefore(DateTimeOffset start, DateTimeOffset top) =>
        start <= top && (top - start).Ticks % TimeSpan.TicksPerHour == 0 ? (top - start).Ticks / TimeSpan.TicksPerHour : null;

    private static DateTimeOffset DayStart(DateTimeOffset instant, TimeZoneInfo zone) => LocalCalendar.StartOf(LocalCalendar.DateOf(instant, zone), zone);

    private static DateTimeOffset MonthStart(DateTimeOffset instant, TimeZoneInfo zone) => LocalCalendar.StartOf(LocalCalendar.MonthOf(LocalCalendar.DateOf(instant, zone)), zone);

    private static UsageTally Tally(IReadOnlyDictionary<UsageQuery, UsageApiAnswer> answers, long hours) =>
        UsageTally.Of(answers[new UsageQuery(hours, "model")], answers[new UsageQuery(hours, "provider")], answers[new UsageQuery(hours, "role")]);
}
