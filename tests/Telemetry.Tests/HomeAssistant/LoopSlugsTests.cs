using Telemetry.Sources.Loops;

namespace Telemetry.Tests.HomeAssistant;

public sealed class LoopSlugsTests
{
    [Theory]
    [InlineData("simple", "simple")]
    [InlineData("signal/Alice", "signal_alice")]
    [InlineData("a/b/c", "a_b_c")]
    [InlineData("with+plus", "with_plus")]
    [InlineData("with#hash", "with_hash")]
    [InlineData("clean_name", "clean_name")]
    [InlineData("  Spaces and-Dashes.v2 ", "spaces_and_dashes_v2")]
    [InlineData("émoji 🚀 loop", "moji_loop")]
    [InlineData("___", "")]
    public void Sanitize_Name_KeepsOnlyLowercaseLettersDigitsAndSingleUnderscores(string name, string expected)
    {
        Assert.Equal(expected, LoopSlugs.Sanitize(name));
    }

    [Fact]
    public void Assign_NamesThatCollide_GetDistinctSlugsOfTheAllowedAlphabet()
    {
        // Given three names that sanitize to the same slug
        var slugs = new LoopSlugs();
        LoopInfo[] loops = [Loop("1", "signal/Alice"), Loop("2", "signal+alice"), Loop("3", "Signal Alice")];

        // When slugs are assigned
        var assigned = slugs.Assign(loops).Select(a => a.Slug).ToList();

        // Then all differ and use only [a-z0-9_]
        Assert.Equal(3, assigned.Distinct().Count());
        Assert.All(assigned, s => Assert.Matches("^[a-z0-9_]+$", s));
        Assert.Contains("signal_alice", assigned);
    }

    [Fact]
    public void Assign_LoopKeepsItsName_KeepsItsSlugWhateverComesAndGoes()
    {
        // Given a loop with a plain slug
        var slugs = new LoopSlugs();
        var alice = Loop("1", "signal/Alice");
        var first = slugs.Assign([alice]).Single().Slug;

        // When colliding loops come, and others go, over several cycles
        var second = slugs.Assign([Loop("9", "Signal Alice"), alice]).Single(a => a.Loop == alice).Slug;
        var third = slugs.Assign([alice, Loop("7", "email_poll")]).Single(a => a.Loop == alice).Slug;

        // Then the loop's slug (and so its unique ids) never changes
        Assert.Equal("signal_alice", first);
        Assert.Equal(first, second);
        Assert.Equal(first, third);
    }

    [Fact]
    public void Assign_NewcomerColliding_GetsTheSameHashedSlugEveryTime()
    {
        var one = new LoopSlugs();
        var other = new LoopSlugs();

        var a = one.Assign([Loop("1", "signal/Alice"), Loop("2", "signal_alice")]).Single(l => l.Loop.Id == "2").Slug;
        var b = other.Assign([Loop("1", "signal/Alice"), Loop("2", "signal_alice")]).Single(l => l.Loop.Id == "2").Slug;

        Assert.Equal(a, b);
        Assert.StartsWith("signal_alice_", a, StringComparison.Ordinal);
    }

    [Fact]
    public void Assign_HugeAndEmptyNames_AreBoundedAndNonEmpty()
    {
        var slugs = new LoopSlugs();
        LoopInfo[] loops = [Loop("1", new string('x', 10_000)), Loop("2", new string('x', 10_000) + "y"), Loop("3", "🚀🚀"), Loop("4", "")];

        var assigned = slugs.Assign(loops).Select(a => a.Slug).ToList();

        Assert.All(assigned, s => Assert.InRange(s.Length, 1, LoopSlugs.MaxLength));
        Assert.All(assigned, s => Assert.Matches("^[a-z0-9_]+$", s));
        Assert.Equal(4, assigned.Distinct().Count());
    }

    [Fact]
    public void Assign_DuplicateNames_AreToldApartByIdAndStable()
    {
        var slugs = new LoopSlugs();
        var first = slugs.Assign([Loop("b", "worker"), Loop("a", "worker")]);
        var again = slugs.Assign([Loop("a", "worker"), Loop("b", "worker")]);

        Assert.Equal(2, first.Select(a => a.Slug).Distinct().Count());
        Assert.Equal(first.Single(a => a.Loop.Id == "a").Slug, again.Single(a => a.Loop.Id == "a").Slug);
        Assert.Equal("worker", first.Single(a => a.Loop.Id == "a").Slug);
    }

    [Fact]
    public void DisplayName_ControlCharactersAndLength_AreCleaned()
    {
        Assert.Equal("signal/Alice", LoopSlugs.DisplayName("signal/Alice"));
        Assert.Equal("ab", LoopSlugs.DisplayName("a\u0000\nb"));
        Assert.Equal(64, LoopSlugs.DisplayName(new string('n', 10_000)).Length);
        Assert.Equal("(unnamed)", LoopSlugs.DisplayName("\t"));
    }

    private static LoopInfo Loop(string id, string name) => new(id, name, "sleeping", 1);
}
