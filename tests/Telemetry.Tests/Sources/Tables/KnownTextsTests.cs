using System.Text;
using Telemetry.Sources.Tables;

namespace Telemetry.Tests.Sources.Tables;

/// <summary>A column's bytes give its text, and the same string every time for the texts the table repeats (log levels, models).</summary>
public sealed class KnownTextsTests
{
    private static readonly string[] Levels = ["INFO", "ERROR", "ERROR+4", "", "niveau élevé"];

    [Fact]
    public void Of_RepeatedLevels_GivesTheTextAndReusesTheString()
    {
        // Given the names, when levels are looked up twice
        var names = new KnownTexts();
        var first = Levels.Select(l => names.Of(Encoding.UTF8.GetBytes(l))).ToList();
        var second = Levels.Select(l => names.Of(Encoding.UTF8.GetBytes(l))).ToList();

        // Then each is its text, and the second look gives the very same strings
        Assert.Equal(Levels, first);
        Assert.All(first.Zip(second), pair => Assert.Same(pair.First, pair.Second));
    }

    [Fact]
    public void Of_MoreDistinctLevelsThanKept_StillGivesEachText()
    {
        // Given a table with a hundred distinct levels, when each is looked up, then each comes back as its text
        var names = new KnownTexts();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal($"L{i}", names.Of(Encoding.UTF8.GetBytes($"L{i}")));
        }
    }
}
