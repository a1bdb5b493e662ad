namespace Telemetry.AgentSimulator;

/// <summary>Where the agent keeps its files under its working directory (thane-data-sources §1): what it writes, not where the add-on looks.</summary>
internal sealed record AgentLayout(string Root)
{
    /// <summary>Sessions and, since 2026-03-30, usage_records.</summary>
    public string MainDb => Path.Combine(Root, "db", "thane.db");

    /// <summary>The structured log index, since 2026-05-26 (<c>logging.root</c> defaults to <c>archive</c>).</summary>
    public string LogsDb => Path.Combine(Root, "archive", "logs.db");

    /// <summary>The log index of agents before 2026-05-26.</summary>
    public string LegacyLogsDb => Path.Combine(Root, "logs", "logs.db");

    /// <summary>Present only when <c>attachments.store_dir</c> is set.</summary>
    public string AttachmentsDb => Path.Combine(Root, "db", "attachments.db");

    /// <summary>usage_records before 2026-03-30; current agents have no such file.</summary>
    public string UsageDb => Path.Combine(Root, "db", "usage.db");

    /// <summary>The instance id: a UUIDv7 and a newline.</summary>
    public string InstanceIdFile => Path.Combine(Root, "db", "instance_id");

    /// <summary>A new agent working directory in the temp folder, with the folders a current agent creates.</summary>
    public static AgentLayout CreateTemp(string prefix)
    {
        var layout = new AgentLayout(Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}"));
        Directory.CreateDirectory(Path.GetDirectoryName(layout.MainDb)!);
        Directory.CreateDirectory(Path.GetDirectoryName(layout.LogsDb)!);
        return layout;
    }
}
