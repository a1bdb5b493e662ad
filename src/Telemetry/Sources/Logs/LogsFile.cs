using Telemetry.Options;

namespace Telemetry.Sources.Logs;

/// <summary>Which <c>logs.db</c> the agent writes: <c>archive/logs.db</c> since 2026-05-26, <c>logs/logs.db</c> before.</summary>
internal static class LogsFile
{
    /// <summary>
    /// The configured file if overridden; otherwise the current location, unless only the legacy one exists.
    /// Decided on every read, so an agent upgraded (or installed) while the add-on runs is found without a restart.
    /// </summary>
    public static string Locate(AgentPaths paths) =>
        paths.LogsOverridden || File.Exists(paths.LogsDb) || !File.Exists(paths.LegacyLogsDb) ? paths.LogsDb : paths.LegacyLogsDb;
}
