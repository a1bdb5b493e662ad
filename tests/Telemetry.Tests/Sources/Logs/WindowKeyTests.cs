using System.Globalization;
using Microsoft.Data.Sqlite;
using Telemetry.Sources;
using Telemetry.Sources.Logs;

namespace Telemetry.Tests.Sources.Logs;

/// <summary>A row's window key against the full read's own test: SQLite's text comparison, then the parsed time.</summary>
public sealed class WindowKeyTests
{
    private static readonly DateTimeOffset Base = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Texts() => new()
    {
        "2026-11-01T12:00:00Z", "2026-11-01T12:00:00.5Z", "2026-11-01T11:59:59.999999999Z", "2026-11-01T12:00:01Z",
        "2026-11-01T12:00:00+00:00", "2026-11-01T14:00:00.25+02:00", "2026-11-01T07:00:00.1-05:00", "2026-11-01T06:59:59-05:00",
        "2026-11-01 12:00:00.5", "2026-11-01 12:00:00", "2026-11-01T12:00:00", "2026-11-01T12:00:00.75", "2026-11-01T11:59:59",
        "2026-11-01 12:00:00.123456789 +0000 UTC", "2026-11-01T13:00:00.5+01:00", "2026-11-01T12:00:00 Z", " 2026-11-01T12:00:00Z",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Of_EveryWindowStartAroundTheRow_AgreesWithTheFullReadsTextAndTimeTests(string text)
    {
        // Given window starts from seven hours before the row to seven hours after, in steps that cross second boundaries
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        var key = WindowKey.Of(text, out _);
        var parsed = Timestamps.TryParse(text, out var at);

        for (var offset = TimeSpan.FromHours(-7); offset <= TimeSpan.FromHours(7); offset += offset.Duration() < TimeSpan.FromSeconds(5) ? TimeSpan.FromMilliseconds(125) : TimeSpan.FromMinutes(17))
        {
            // When
            var since = Base + offset;
            var lowerBound = Timestamps.FormatRfc3339Seconds(since.AddSeconds(-1));
            var fullRead = TextAtOrAfter(sqlite, text, lowerBound) && parsed && at >= since;

            // Then
            Assert.True(fullRead == (key >= WindowKey.Since(since)), string.Create(CultureInfo.InvariantCulture, $"since {since:O}: full read {fullRead}, key {key}"));
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    [InlineData("2026-11-01T12:00:00.5Zé")]
    [InlineData("2026-11-01T12:00:00.123456789012345678901234567890123456789012345678901234567890Z")]
    public void Of_Utf8Bytes_GivesTheTextsKeyAndTime(string text)
    {
        // Given a timestamp as the database's UTF-8 bytes (ASCII, not ASCII, longer than the stack buffer)
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);

        // When its key is taken from the bytes, then it is the text's, with the same parsed time
        Assert.Equal(WindowKey.Of(text, out var textAt), WindowKey.Of(bytes, out var bytesAt));
        Assert.Equal(textAt, bytesAt);
    }

    private static bool TextAtOrAfter(SqliteConnection sqlite, string text, string bound)
    {
        using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT $text >= $bound";
        command.Parameters.AddWithValue("$text", text);
        command.Parameters.AddWithValue("$bound", bound);
        return (long)command.ExecuteScalar()! == 1;
    }
}
