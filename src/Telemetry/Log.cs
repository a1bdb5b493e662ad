using Microsoft.Extensions.Logging;

namespace Telemetry;

/// <summary>Every log line the library writes. None carries a password or token.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Thane Telemetry {Version} started: device '{DeviceName}', every {IntervalSeconds} s, broker {BrokerSource}")]
    public static partial void Started(ILogger logger, string version, string deviceName, double intervalSeconds, string brokerSource);

    [LoggerMessage(2, LogLevel.Information, "Instance id {InstanceId} ({Origin})")]
    public static partial void InstanceId(ILogger logger, string instanceId, string origin);

    [LoggerMessage(3, LogLevel.Warning, "The instance id cannot be kept in {Path}, so the entities' unique ids may change at the next start: {Reason}")]
    public static partial void InstanceIdNotKept(ILogger logger, string path, string reason);

    [LoggerMessage(10, LogLevel.Information, "Source {Source} is available")]
    public static partial void SourceAvailable(ILogger logger, string source);

    [LoggerMessage(11, LogLevel.Warning, "Source {Source} is unavailable, its sensors show as unavailable: {Reason}")]
    public static partial void SourceUnavailable(ILogger logger, string source, string reason);

    [LoggerMessage(12, LogLevel.Information, "Source {Source} is not present: {Reason}")]
    public static partial void SourceAbsent(ILogger logger, string source, string reason);

    [LoggerMessage(13, LogLevel.Information, "Source {Source} recovered")]
    public static partial void SourceRecovered(ILogger logger, string source);

    [LoggerMessage(14, LogLevel.Trace, "Source {Source} read: {Note}")]
    public static partial void SourceRead(ILogger logger, string source, string note);

    [LoggerMessage(20, LogLevel.Information, "The Supervisor's MQTT service is {Broker}")]
    public static partial void BrokerFromSupervisor(ILogger logger, string broker);

    [LoggerMessage(21, LogLevel.Warning, "No MQTT broker yet, retrying with backoff: {Reason}")]
    public static partial void BrokerUnknown(ILogger logger, string reason);

    [LoggerMessage(22, LogLevel.Information, "Connected to MQTT broker {Broker}")]
    public static partial void Connected(ILogger logger, string broker);

    [LoggerMessage(23, LogLevel.Warning, "Cannot connect to MQTT broker {Broker}, retrying with backoff: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string broker, string reason);

    [LoggerMessage(24, LogLevel.Warning, "The broker refused the credentials ({Reason}); asking the Supervisor again")]
    public static partial void CredentialsRefused(ILogger logger, string reason);

    [LoggerMessage(27, LogLevel.Warning, "The broker {Broker} refused the credentials ({Reason}): check mqtt_username and mqtt_password")]
    public static partial void ConfiguredCredentialsRefused(ILogger logger, string broker, string reason);

    [LoggerMessage(25, LogLevel.Warning, "Disconnected from MQTT broker: {Reason}")]
    public static partial void Disconnected(ILogger logger, string reason);

    [LoggerMessage(26, LogLevel.Information, "Home Assistant came online; re-publishing discovery, availability and states")]
    public static partial void HomeAssistantBirth(ILogger logger);

    [LoggerMessage(30, LogLevel.Debug, "Cycle published {Messages} messages ({Reason})")]
    public static partial void Published(ILogger logger, int messages, string reason);

    [LoggerMessage(31, LogLevel.Warning, "Publishing stopped half-way, everything is re-sent on reconnect: {Reason}")]
    public static partial void PublishFailed(ILogger logger, string reason);

    [LoggerMessage(32, LogLevel.Information, "Loop sensors added for {Loops}")]
    public static partial void LoopsAdded(ILogger logger, string loops);

    [LoggerMessage(33, LogLevel.Information, "Entities removed from Home Assistant: {Keys}")]
    public static partial void ComponentsRemoved(ILogger logger, string keys);

    [LoggerMessage(34, LogLevel.Warning, "The agent reports {Count} root loops; only the first {Max} by name get sensors of their own")]
    public static partial void LoopsCapped(ILogger logger, int count, int max);

    [LoggerMessage(35, LogLevel.Warning, "The list of entities announced before ({Path}) cannot be used, starting afresh; an entity that vanished while the add-on was stopped may stay in Home Assistant: {Reason}")]
    public static partial void ComponentMemoryUnusable(ILogger logger, string path, string reason);

    [LoggerMessage(36, LogLevel.Warning, "The agent still announces {Count} of this add-on's entities with the same unique ids ({Keys}), so Home Assistant keeps the agent's and refuses the add-on's. Set mqtt.telemetry.enabled: false in the agent's configuration, restart the agent, then reload the MQTT integration (Settings > Devices & services > MQTT > ⋮ > Reload) or restart Home Assistant")]
    public static partial void AgentTelemetryClash(ILogger logger, int count, string keys);

    [LoggerMessage(37, LogLevel.Information, "The agent no longer announces this add-on's entities; if Home Assistant still shows the agent's, reload the MQTT integration once")]
    public static partial void AgentTelemetryClashResolved(ILogger logger);

    [LoggerMessage(38, LogLevel.Warning, "The usage followed over the agent's API ({Path}) cannot be used, reading the whole history again: {Reason}")]
    public static partial void UsageHoursUnusable(ILogger logger, string path, string reason);

    [LoggerMessage(39, LogLevel.Information, "The window kept at the last stop ({FileName}) is not used, the table is read in full: {Reason}")]
    public static partial void KeptWindowUnusable(ILogger logger, string fileName, string reason);

    [LoggerMessage(42, LogLevel.Debug, "Kept the window for the next start in {Path} ({Bytes} bytes)")]
    public static partial void KeptWindowSaved(ILogger logger, string path, long bytes);

    [LoggerMessage(43, LogLevel.Warning, "The window cannot be kept in {Path}, the next start reads it in full: {Reason}")]
    public static partial void KeptWindowNotSaved(ILogger logger, string path, string reason);

    [LoggerMessage(44, LogLevel.Information, "Restored {Table}'s window kept at the last stop ({Held} held); the first read takes only what the agent wrote since, and checks it")]
    public static partial void KeptWindowRestored(ILogger logger, string table, long held);

    [LoggerMessage(50, LogLevel.Information, "Reading {Access}")]
    public static partial void AgentAccess(ILogger logger, string access);

    [LoggerMessage(51, LogLevel.Debug, "Usage over the agent's API: {What}")]
    public static partial void UsageHours(ILogger logger, string what);

    [LoggerMessage(60, LogLevel.Information, "History import: Home Assistant {CoreVersion}; sending {Hours:N0} of {Total:N0} hours of usage since {First} into {Statistics} statistics")]
    public static partial void HistoryImportStarting(ILogger logger, string coreVersion, long hours, long total, string first, int statistics);

    [LoggerMessage(61, LogLevel.Information, "History import: imported {Done:N0} of {Total:N0} hours")]
    public static partial void HistoryImportProgress(ILogger logger, long done, long total);

    [LoggerMessage(62, LogLevel.Information, "History import: up to date through {Through}; from now on each hour as it completes")]
    public static partial void HistoryImportUpToDate(ILogger logger, string through);

    [LoggerMessage(63, LogLevel.Warning, "History import failed, trying again in {Delay}: {Reason}")]
    public static partial void HistoryImportFailed(ILogger logger, TimeSpan delay, string reason);

    [LoggerMessage(64, LogLevel.Information, "History import is off: {Reason}")]
    public static partial void HistoryImportOff(ILogger logger, string reason);

    [LoggerMessage(65, LogLevel.Information, "History import: removed {Count} statistics, importing them again (history_rebuild)")]
    public static partial void HistoryRebuilding(ILogger logger, int count);

    [LoggerMessage(66, LogLevel.Warning, "The history import's memory ({Path}) cannot be used; choosing its models again: {Reason}")]
    public static partial void HistoryMemoryUnusable(ILogger logger, string path, string reason);

    [LoggerMessage(67, LogLevel.Debug, "History import: failed again: {Reason}")]
    public static partial void HistoryImportFailedAgain(ILogger logger, string reason);

    [LoggerMessage(40, LogLevel.Information, "Stopping: publishing offline")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(41, LogLevel.Critical, "Unexpected failure; stopping with a non-zero exit code so the Supervisor can restart the add-on")]
    public static partial void UnexpectedFailure(ILogger logger, Exception exception);
}
