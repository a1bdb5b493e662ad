namespace Telemetry.Sources.Usage;

/// <summary>Days and months in the time zone Home Assistant gives the add-on (<c>TZ</c>), across daylight-saving changes.</summary>
internal static class LocalCalendar
{
    /// <summary>The local date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The instant a local day begins: its midnight, or the first minute after it where a clock change skips midnight.</summary>
    /// <remarks>Where midnight happens twice (a clock set back at midnight) the day begins at the first of them.</remarks>
    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>The first day of the month <paramref name="date"/> is in.</summary>
    public static DateOnly MonthOf(DateOnly date) => new(date.Year, date.Month, 1);
}
