using Telemetry.Options;
using Telemetry.Sources.Logs;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Logs;

/// <summary>Which <c>logs.db</c> the logs source reads: the current one, or the legacy one of agents before 2026-05-26 (thane-data-sources §0.4).</summary>
public sealed class LogsFileTests
{
    [Fact]
    public void Locate_OnlyTheLegacyLogsFileExists_UsesLogsFolder()
    {
        // Given an agent from before 2026-05-26
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.LegacyLogsDb);

        // When
        var located = LogsFile.Locate(AgentPaths.From(agent.Options()));

        // Then
        Assert.Equal(agent.LegacyLogsDb, located);
    }

    [Fact]
    public void Locate_BothLogsFilesExist_PrefersArchive()
    {
        // Given an upgraded agent that left its old logs behind
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.LegacyLogsDb);
        agent.Writer(agent.LogsDb);

        // When
        var located = LogsFile.Locate(AgentPaths.From(agent.Options()));

        // Then
        Assert.Equal(agent.LogsDb, located);
    }

    [Fact]
    public void Locate_NoLogsFileYet_NamesTheCurrentPath()
    {
        // Given
        using var agent = AgentDirectory.CreateEmpty();

        // When
        var located = LogsFile.Locate(AgentPaths.From(agent.Options()));

        // Then the path a problem report will name is the current one
        Assert.Equal(agent.LogsDb, located);
    }

    [Fact]
    public void Locate_AgentUpgradedWhileRunning_FollowsTheFileToArchive()
    {
        // Given an old agent's layout, resolved at start
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.LegacyLogsDb);
        var paths = AgentPaths.From(agent.Options());
        var before = LogsFile.Locate(paths);

        // When the upgraded agent starts writing archive/logs.db
        agent.Writer(agent.LogsDb);

        // Then the next read goes to the current file, without a restart
        Assert.Equal(agent.LegacyLogsDb, before);
        Assert.Equal(agent.LogsDb, LogsFile.Locate(paths));
    }
}
