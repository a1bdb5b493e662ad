using Telemetry.Options;
using Telemetry.Tests.Shared;

namespace Telemetry.Tests.Options;

/// <summary>Where each agent file is, from <c>thane_dir</c> or the overrides (thane-data-sources §0.4, §1).</summary>
public sealed class AgentPathsTests
{
    [Fact]
    public void From_ThaneDirOnly_DerivesTheCurrentAgentLayout()
    {
        // Given
        var options = OptionsParser.Parse("""{"thane_dir":"/share/thane"}""");

        // When
        var paths = AgentPaths.From(options);

        // Then
        Assert.Equal("/share/thane/db/thane.db", paths.MainDb);
        Assert.Equal("/share/thane/archive/logs.db", paths.LogsDb);
        Assert.Equal("/share/thane/db/attachments.db", paths.AttachmentsDb);
        Assert.Equal("/share/thane/db/usage.db", paths.UsageDb);
        Assert.Equal("/share/thane/db/instance_id", paths.InstanceId);
    }

    [Fact]
    public void From_Overrides_ReplaceTheDerivedPaths()
    {
        // Given
        var options = OptionsParser.Parse("""
            {"thane_dir":"/share/thane","main_db":"/data/m.db","logs_db":"/data/l.db","attachments_db":"/data/a.db","usage_db":"/data/u.db"}
            """);

        // When
        var paths = AgentPaths.From(options);

        // Then the instance id still comes from thane_dir
        Assert.Equal(("/data/m.db", "/data/l.db", "/data/a.db", "/data/u.db", "/share/thane/db/instance_id"),
            (paths.MainDb, paths.LogsDb, paths.AttachmentsDb, paths.UsageDb, paths.InstanceId));
    }

    [Fact]
    public void From_OnlyTheLegacyLogsFileExists_UsesLogsFolder()
    {
        // Given an agent from before 2026-05-26
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.LegacyLogsDb);

        // When
        var paths = AgentPaths.From(agent.Options());

        // Then
        Assert.Equal(agent.LegacyLogsDb, paths.LogsDb);
    }

    [Fact]
    public void From_BothLogsFilesExist_PrefersArchive()
    {
        // Given an upgraded agent that left its old logs behind
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.LegacyLogsDb);
        agent.Writer(agent.LogsDb);

        // When
        var paths = AgentPaths.From(agent.Options());

        // Then
        Assert.Equal(agent.LogsDb, paths.LogsDb);
    }

    [Fact]
    public void From_NoLogsFileYet_NamesTheCurrentPath()
    {
        // Given
        using var agent = AgentDirectory.CreateEmpty();

        // When
        var paths = AgentPaths.From(agent.Options());

        // Then the path a problem report will name is the current one
        Assert.Equal(agent.LogsDb, paths.LogsDb);
    }

    [Fact]
    public void LogsDb_AgentUpgradedWhileRunning_FollowsTheFileToArchive()
    {
        // Given an old agent's layout, resolved at start
        using var agent = AgentDirectory.CreateEmpty();
        agent.Writer(agent.LegacyLogsDb);
        var paths = AgentPaths.From(agent.Options());
        var before = paths.LogsDb;

        // When the upgraded agent starts writing archive/logs.db
        agent.Writer(agent.LogsDb);

        // Then the next read goes to the current file, without a restart
        Assert.Equal(agent.LegacyLogsDb, before);
        Assert.Equal(agent.LogsDb, paths.LogsDb);
    }
}
