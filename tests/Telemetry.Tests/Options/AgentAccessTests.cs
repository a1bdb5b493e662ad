using Telemetry.Options;

namespace Telemetry.Tests.Options;

/// <summary>Which way the agent is read, chosen from the options and what exists, without asking the user to understand it.</summary>
public sealed class AgentAccessTests
{
    private static readonly Uri Agent = new("http://192.168.1.20:8080/");

    [Fact]
    public void Decide_OnlyAgentUrlSetAndNoFiles_ReadsTheApi()
    {
        // Given what the Supervisor writes for a user who set only agent_url (the defaults, no thane_dir)
        var options = OptionsParser.Parse("""{"agent_url":"http://192.168.1.20:8080"}""");

        // When
        var access = AgentAccess.Decide(options, _ => false);

        // Then
        Assert.False(access.ReadsFiles);
        Assert.Equal(Agent, access.ApiUrl);
        Assert.Contains("over its API at http://192.168.1.20:8080/ (thane_dir not set)", access.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_FormerDefaultStoredAndMissing_ReadsTheApi()
    {
        // Given an install whose saved options still carry the former default, and an agent elsewhere
        var options = OptionsParser.Parse("""{"thane_dir":"/share/thane","agent_url":"http://192.168.1.20:8080"}""");

        // When
        var access = AgentAccess.Decide(options, _ => false);

        // Then it is not an error: the default was never the user's choice
        Assert.False(access.ReadsFiles);
        Assert.Contains("thane_dir '/share/thane' does not exist", access.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"thane_dir":"/share/thane"}""")]
    [InlineData("""{"agent_url":"http://192.168.1.20:8080"}""")]
    public void Decide_FilesAtTheFormerDefault_ReadsThemAndTheApiBeside(string json)
    {
        // Given an existing install: the agent's files at /share/thane
        var options = OptionsParser.Parse(json);

        // When
        var access = AgentAccess.Decide(options, dir => dir == "/share/thane");

        // Then its files are read as before, whether thane_dir was stored or not
        Assert.Equal("/share/thane", access.Directory);
        Assert.Equal(options.AgentUrl, access.ApiUrl);
    }

    [Fact]
    public void Decide_ThaneDirChosenAndMissing_ThrowsNamingThaneDirEvenWithAnAgentUrl()
    {
        // Given a folder the user typed that does not exist
        var options = OptionsParser.Parse("""{"thane_dir":"/share/agent","agent_url":"http://192.168.1.20:8080"}""");

        // When
        var error = Assert.Throws<InvalidOptionException>(() => AgentAccess.Decide(options, _ => false));

        // Then the clear error, not a silent switch to the API
        Assert.Equal("Invalid option 'thane_dir': directory '/share/agent' does not exist (is the agent's folder under /share mapped?)", error.Message);
    }

    [Fact]
    public void Decide_DatabaseOverrideWithoutThaneDir_ReadsFilesAndNeedsTheirFolder()
    {
        var options = OptionsParser.Parse("""{"main_db":"/share/agent/db/thane.db"}""");

        Assert.Equal("/share/thane", AgentAccess.Decide(options, _ => true).Directory);
        var error = Assert.Throws<InvalidOptionException>(() => AgentAccess.Decide(options, dir => dir != "/share/agent/db"));
        Assert.Equal("Invalid option 'main_db': directory '/share/agent/db' of '/share/agent/db/thane.db' does not exist (is the agent's folder under /share mapped?)", error.Message);
    }

    [Fact]
    public void Decide_DatabaseOverrideBesideAnExistingThaneDir_StillNamesTheMissingOverride()
    {
        var options = OptionsParser.Parse("""{"thane_dir":"/share/thane","logs_db":"/share/elsewhere/logs.db","agent_url":"http://agent:8080"}""");

        var error = Assert.Throws<InvalidOptionException>(() => AgentAccess.Decide(options, dir => dir == "/share/thane"));
        Assert.StartsWith("Invalid option 'logs_db': directory '/share/elsewhere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NeitherFilesNorAgentUrl_ThrowsNamingAgentUrlAndSayingWhatToSet()
    {
        var error = Assert.Throws<InvalidOptionException>(() => AgentAccess.Decide(OptionsParser.Parse("{}"), _ => false));

        Assert.StartsWith("Invalid option 'agent_url': is not set and there are no agent files at /share/thane", error.Message, StringComparison.Ordinal);
        Assert.Contains("thane_dir", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://proxy.example/thane", "https://proxy.example/thane/v1/loops")]
    [InlineData("https://proxy.example/thane/", "https://proxy.example/thane/v1/loops")]
    [InlineData("http://192.168.1.20:8080", "http://192.168.1.20:8080/v1/loops")]
    public void Parse_AgentUrlWithOrWithoutAPath_TheApisPathsResolveBelowIt(string url, string loops)
    {
        var options = OptionsParser.Parse($$"""{"agent_url":"{{url}}"}""");

        Assert.Equal(new Uri(loops), new Uri(options.AgentUrl!, "v1/loops"));
    }

    [Fact]
    public void Parse_AgentToken_IsTakenAsTypedAndNeverShownInAnError()
    {
        Assert.Equal(" s3cret ", OptionsParser.Parse("""{"agent_token":" s3cret "}""").AgentToken);
        var error = Assert.Throws<InvalidOptionException>(() => OptionsParser.Parse("""{"agent_token":["s3cret"]}"""));
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }
}
