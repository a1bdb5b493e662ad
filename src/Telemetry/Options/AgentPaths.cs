namespace Telemetry.Options;

/// <summary>Where the add-on looks for each file of the agent, derived from <c>thane_dir</c> unless overridden.</summary>
/// <param name="LogsDb">Where current agents keep <c>logs.db</c> (or the override).</param>
/// <param name="LegacyLogsDb">Where agents before 2026-05-26 kept it; the logs source picks between the two.</param>
/// <param name="LogsOverridden">Whether <c>logs_db</c> was set, in which case only <paramref name="LogsDb"/> counts.</param>
internal sealed record AgentPaths(string MainDb, string AttachmentsDb, string UsageDb, string InstanceId, string LogsDb, string LegacyLogsDb, bool LogsOverridden)
{
    /// <remarks>Without <c>thane_dir</c>, the place it used to default to (where a former install keeps its files).</remarks>
    public static AgentPaths From(TelemetryOptions options)
    {
        var dir = options.ThaneDir ?? AgentAccess.FormerDefaultDirectory;
        var mainDb = options.MainDb ?? Path.Combine(dir, "db", "thane.db");
        return new AgentPaths(
            MainDb: mainDb,
            AttachmentsDb: options.AttachmentsDb ?? Path.Combine(dir, "db", "attachments.db"),
            UsageDb: options.UsageDb ?? Path.Combine(dir, "db", "usage.db"),
            // The agent keeps both in its data_dir (internal/channels/mqtt/instance.go, internal/app/new_stores.go @3229ecc7),
            // so a main_db moved with a changed data_dir takes the instance id, and with it the unique ids, along.
            InstanceId: Path.Combine(Path.GetDirectoryName(mainDb) ?? Path.Combine(dir, "db"), "instance_id"),
            LogsDb: options.LogsDb ?? Path.Combine(dir, "archive", "logs.db"),
            LegacyLogsDb: Path.Combine(dir, "logs", "logs.db"),
            LogsOverridden: options.LogsDb is not null);
    }
}
