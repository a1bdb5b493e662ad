namespace Telemetry.Options;

/// <summary>Where the agent keeps each file the add-on reads, derived from <c>thane_dir</c> unless overridden.</summary>
internal sealed record AgentPaths(string MainDb, string LogsDb, string AttachmentsDb, string UsageDb, string InstanceId)
{
    public static AgentPaths From(TelemetryOptions options)
    {
        var dir = options.ThaneDir;
        return new AgentPaths(
            MainDb: options.MainDb ?? Path.Combine(dir, "db", "thane.db"),
            LogsDb: options.LogsDb ?? FirstExisting(Path.Combine(dir, "archive", "logs.db"), Path.Combine(dir, "logs", "logs.db")),
            AttachmentsDb: options.AttachmentsDb ?? Path.Combine(dir, "db", "attachments.db"),
            UsageDb: options.UsageDb ?? Path.Combine(dir, "db", "usage.db"),
            InstanceId: Path.Combine(dir, "db", "instance_id"));
    }

    /// <summary>Current agents log to <c>archive/</c>; agents before 2026-05-26 used <c>logs/</c>.</summary>
    private static string FirstExisting(string current, string legacy) =>
        !File.Exists(current) && File.Exists(legacy) ? legacy : current;
}
