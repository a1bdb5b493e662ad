namespace Telemetry.Options;

/// <summary>Where the agent keeps each file the add-on reads, derived from <c>thane_dir</c> unless overridden.</summary>
internal sealed record AgentPaths(string MainDb, string AttachmentsDb, string UsageDb, string InstanceId, string CurrentLogsDb, string LegacyLogsDb, bool LogsOverridden)
{
    /// <summary>
    /// Current agents log to <c>archive/logs.db</c>; agents before 2026-05-26 used <c>logs/logs.db</c>. Decided on
    /// every read, so an agent upgraded (or installed) while the add-on runs is found without a restart.
    /// </summary>
    public string LogsDb => LogsOverridden || File.Exists(CurrentLogsDb) || !File.Exists(LegacyLogsDb) ? CurrentLogsDb : LegacyLogsDb;

    public static AgentPaths From(TelemetryOptions options)
    {
        var dir = options.ThaneDir;
        return new AgentPaths(
            MainDb: options.MainDb ?? Path.Combine(dir, "db", "thane.db"),
            AttachmentsDb: options.AttachmentsDb ?? Path.Combine(dir, "db", "attachments.db"),
            UsageDb: options.UsageDb ?? Path.Combine(dir, "db", "usage.db"),
            InstanceId: Path.Combine(dir, "db", "instance_id"),
            CurrentLogsDb: options.LogsDb ?? Path.Combine(dir, "archive", "logs.db"),
            LegacyLogsDb: Path.Combine(dir, "logs", "logs.db"),
            LogsOverridden: options.LogsDb is not null);
    }
}
