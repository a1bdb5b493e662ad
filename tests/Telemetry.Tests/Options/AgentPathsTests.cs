using Telemetry.Options;

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

        // Then the instance id moves with main_db: the agent keeps both in its data_dir, so a changed data_dir keeps the unique ids
        Assert.Equal(("/data/m.db", "/data/l.db", "/data/a.db", "/data/u.db", "/data/instance_id"),
            (paths.MainDb, paths.LogsDb, paths.AttachmentsDb, paths.UsageDb, paths.InstanceId));
    }
}
