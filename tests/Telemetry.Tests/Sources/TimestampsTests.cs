using Telemetry.AgentSimulator;
using Telemetry.Sources;

namespace Telemetry.Tests.Sources;

/// <summary>The forms the agent's <c>database.ParseTimestamp</c> accepts and rejects (thane-data-sources §2.5).</summary>
public sealed class TimestampsTests
{
    private static readonly DateTimeOffset Whole = new(2026, 3, 12, 21, 39, 58, TimeSpan.Zero);

    public static TheoryData<string, DateTimeOffset> Accepted => new()
    {
        // 1: driver-native bound time.Time (space, fraction, numeric offset)
        { "2026-03-12 21:39:58.123456789+00:00", Whole.AddTicks(1234567) },
        { "2026-03-12 23:39:58.5+02:00", Whole.AddMilliseconds(500) },
        // 2: RFC3339Nano
        { "2026-03-12T21:39:58.123456789Z", Whole.AddTicks(1234567) },
        { "2026-03-12T21:39:58.5Z", Whole.AddMilliseconds(500) },
        { "2026-03-12T16:09:58.25-05:30", Whole.AddMilliseconds(250) },
        // 3: RFC3339
        { "2026-03-12T21:39:58Z", Whole },
        { "2026-03-12T21:39:58+00:00", Whole },
        { "2026-03-13T06:39:58+09:00", Whole },
        // 4: no zone, UTC
        { "2026-03-12T21:39:58", Whole },
        { "2026-03-12T21:39:58.75", Whole.AddMilliseconds(750) },
        // 5: space, Z or offset
        { "2026-03-12 21:39:58Z", Whole },
        { "2026-03-12 20:39:58-01:00", Whole },
        // 6: space, fraction, no zone
        { "2026-03-12 21:39:58.123456789", Whole.AddTicks(1234567) },
        // 7: SQLite datetime()
        { "2026-03-12 21:39:58", Whole },
        // 8: Go time.String()
        { "2026-03-12 21:39:58.123456789 +0000 UTC", Whole.AddTicks(1234567) },
        { "2026-03-12 22:39:58 +0100 CET", Whole },
        { "2026-03-12 14:39:58.5 -0700 MST", Whole.AddMilliseconds(500) },
        // whitespace around the text
        { "2026-03-12T21:39:58Z\n", Whole },
        { "  2026-03-12T21:39:58Z  ", Whole },
        { "\t2026-03-12 21:39:58\r\n", Whole },
        // fractions of one to nine digits
        { "2026-03-12T21:39:58.1Z", Whole.AddMilliseconds(100) },
        { "2026-03-12T21:39:58.000000001Z", Whole },
        { "2026-03-12T21:39:58.999999999Z", Whole.AddTicks(9999999) },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void TryParse_AcceptedForm_ReturnsTheInstant(string text, DateTimeOffset expected)
    {
        // When
        var parsed = Timestamps.TryParse(text, out var value);

        // Then the instant is the same, whatever offset it was written in
        Assert.True(parsed, $"'{text}' should parse");
        Assert.Equal(expected.UtcTicks, value.UtcTicks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n")]
    [InlineData("garbage")]
    [InlineData("not a timestamp at all")]
    [InlineData("2026-03-12")]
    [InlineData("2026-03-12T21:39")]
    [InlineData("2026/03/12 21:39:58")]
    [InlineData("2026-03-12X21:39:58Z")]
    [InlineData("2026-13-12T21:39:58Z")]
    [InlineData("2026-02-30T21:39:58Z")]
    [InlineData("2026-03-12T24:00:00Z")]
    [InlineData("2026-03-12T21:60:58Z")]
    [InlineData("2026-03-12T21:39:60Z")]
    [InlineData("2026-03-12T21:39:58.Z")]
    [InlineData("2026-03-12T21:39:58+0100")]
    [InlineData("2026-03-12T21:39:58+01")]
    [InlineData("2026-03-12T21:39:58 UTC")]
    [InlineData("2026-03-12T21:39:58Zjunk")]
    [InlineData("2026-03-12 21:39:58 +0100 C3T")]
    [InlineData("1773351598")]
    public void TryParse_RejectedForm_ReturnsFalse(string text)
    {
        // When
        var parsed = Timestamps.TryParse(text, out _);

        // Then
        Assert.False(parsed, $"'{text}' should not parse");
    }

    [Fact]
    public void TryParse_NineDigitFraction_KeepsTheTicksAndDropsTheSubTickDigits()
    {
        // Given a fraction finer than .NET's 100 ns tick
        const string Text = "2026-03-12T21:39:58.123456789Z";

        // When
        Assert.True(Timestamps.TryParse(Text, out var value));

        // Then the first seven digits are kept
        Assert.Equal(1234567, value.UtcTicks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void TryParse_OffsetForm_KeepsTheWrittenOffset()
    {
        // When
        Assert.True(Timestamps.TryParse("2026-03-12T23:39:58+02:00", out var value));

        // Then
        Assert.Equal(TimeSpan.FromHours(2), value.Offset);
        Assert.Equal(Whole, value);
    }

    [Fact]
    public void TryParse_ZoneLessForm_IsUtc()
    {
        // When
        Assert.True(Timestamps.TryParse("2026-03-12 21:39:58", out var value));

        // Then
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Fact]
    public void TryParse_AgentRfc3339NanoWithTrimmedZeros_RoundTrips()
    {
        // Given instants written as the agent writes log timestamps
        var instants = new[] { Whole, Whole.AddMilliseconds(500), Whole.AddTicks(1234567), Whole.AddTicks(10) };

        foreach (var instant in instants)
        {
            // When
            var text = AgentTime.Rfc3339Nano(instant);

            // Then
            Assert.True(Timestamps.TryParse(text, out var value), text);
            Assert.Equal(instant, value);
        }
    }

    [Fact]
    public void TryParse_InstantOutsideTheRepresentableRange_ReturnsFalseWithoutThrowing()
    {
        // Given well-formed timestamps whose UTC instant .NET cannot represent (Go's ParseTimestamp accepts both;
        // the first passes LogsSource's text bound, so one such row in log_entries would reach TryParse)
        string[] texts = ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"];

        foreach (var text in texts)
        {
            // When
            var exception = Record.Exception(() => Timestamps.TryParse(text, out _));

            // Then a Try method reports false; it must not throw
            Assert.Null(exception);
        }
    }

    [Fact]
    public void FormatRfc3339Seconds_AnyOffsetAndFraction_WritesUtcWholeSeconds()
    {
        // Given
        var at = new DateTimeOffset(2026, 3, 13, 0, 39, 58, TimeSpan.FromHours(3)).AddMilliseconds(900);

        // When
        var text = Timestamps.FormatRfc3339Seconds(at);

        // Then the agent's query-bound form: UTC, no fraction
        Assert.Equal("2026-03-12T21:39:58Z", text);
    }
}
