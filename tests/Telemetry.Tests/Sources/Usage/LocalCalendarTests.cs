using Telemetry.Sources.Usage;

namespace Telemetry.Tests.Sources.Usage;

/// <summary>When a local day begins, in zones whose clock changes at midnight or at night.</summary>
public sealed class LocalCalendarTests
{
    [Fact]
    public void StartOf_ClockSkipsMidnight_IsTheFirstMinuteOfTheDay()
    {
        // Given Chile, whose summer time begins at midnight: on 6 September 2026 the clock goes from 23:59:59 to 01:00
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");

        // When
        var start = LocalCalendar.StartOf(new DateOnly(2026, 9, 6), santiago);

        // Then the day begins at 01:00 summer time, which is the instant 5 September ended
        Assert.Equal(new DateTimeOffset(2026, 9, 6, 1, 0, 0, TimeSpan.FromHours(-3)), start);
        Assert.Equal(new DateOnly(2026, 9, 5), LocalCalendar.DateOf(start.AddTicks(-1), santiago));
        Assert.Equal(new DateOnly(2026, 9, 6), LocalCalendar.DateOf(start, santiago));
    }

    [Theory]
    [InlineData("Europe/Berlin", 2026, 3, 29, 1)]
    [InlineData("Europe/Berlin", 2026, 3, 30, 2)]
    [InlineData("Europe/Berlin", 2026, 10, 25, 2)]
    [InlineData("Europe/Berlin", 2026, 10, 26, 1)]
    [InlineData("Asia/Kolkata", 2026, 11, 1, 5.5)]
    [InlineData("UTC", 2026, 11, 1, 0)]
    public void StartOf_OrdinaryDay_IsLocalMidnightWithThatDaysOffset(string zone, int year, int month, int day, double offsetHours)
    {
        // When
        var start = LocalCalendar.StartOf(new DateOnly(year, month, day), TimeZoneInfo.FindSystemTimeZoneById(zone));

        // Then
        Assert.Equal(new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.FromHours(offsetHours)), start);
    }
}
