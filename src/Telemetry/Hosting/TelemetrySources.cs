using Telemetry.Sources.Agent;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.HistoryImport;
using Telemetry.Sources.LegacyUsage;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Main;
using Telemetry.Sources.Usage;
using Telemetry.Sources.Usage.Api;

namespace Telemetry.Hosting;

/// <summary>Every source the add-on reads, in the order their sensors are announced: one line per source, with its reader from the files and from the agent's API.</summary>
/// <remarks>
/// Adding a source is a folder under <c>Sources/</c> (its key, figures, reader and rows) and one line here; the
/// collector, the availability topics, the problem sensors and the log follow. A source with no reader for the way the
/// agent is read is absent: its sensors are not announced.
/// </remarks>
internal static class TelemetrySources
{
    public static IReadOnlyList<SourceRegistration> All { get; } =
    [
        SourceRegistration.Of(MainSource.Key, MainSensors.All).Files<MainReader>(),
        SourceRegistration.Of(UsageSource.Key, UsageSensors.All).Files<UsageReader>().Api<UsageApiReader>(),
        SourceRegistration.Of(LogsSource.Key, LogsSensors.All).Files<LogsReader>(),
        SourceRegistration.Of(AttachmentsSource.Key, AttachmentsSensors.All).Files<AttachmentsReader>(),
        SourceRegistration.Of(LegacyUsageSource.Key, LegacyUsageSensors.All).Files<LegacyUsageReader>(),
        SourceRegistration.Of(LoopsSource.Key, LoopsSensors.All).Files<LoopsReader>().Api<LoopsReader>(),
        SourceRegistration.Of(AgentSource.Key, AgentSensors.All).Files<AgentStatusReader>().Api<AgentStatusReader>(),
        SourceRegistration.Of(HistoryImportSource.Key, HistoryImportSensors.All, problemSensor: false).Files<HistoryImportReader>().Api<HistoryImportReader>(),
    ];
}
