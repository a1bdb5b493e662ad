using Telemetry.Sources.Agent;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.LegacyUsage;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Main;
using Telemetry.Sources.Usage;

namespace Telemetry.Hosting;

/// <summary>Every source the add-on reads, in the order their sensors are announced: one line per source.</summary>
/// <remarks>
/// Adding a source is a folder under <c>Sources/</c> (its key, figures, reader and rows) and one line here; the
/// collector, the availability topics, the problem sensors and the log follow.
/// </remarks>
internal static class TelemetrySources
{
    public static IReadOnlyList<SourceRegistration> All { get; } =
    [
        SourceRegistration.Of<MainFigures, MainReader>(MainSource.Key, MainSensors.All),
        SourceRegistration.Of<UsageFigures, UsageReader>(UsageSource.Key, UsageSensors.All),
        SourceRegistration.Of<LogsFigures, LogsReader>(LogsSource.Key, LogsSensors.All),
        SourceRegistration.Of<AttachmentsFigures, AttachmentsReader>(AttachmentsSource.Key, AttachmentsSensors.All),
        SourceRegistration.Of<LegacyUsageFigures, LegacyUsageReader>(LegacyUsageSource.Key, LegacyUsageSensors.All),
        SourceRegistration.Of<LoopsFigures, LoopsReader>(LoopsSource.Key, LoopsSensors.All),
        SourceRegistration.Of<AgentStatus, AgentStatusReader>(AgentSource.Key, AgentSensors.All),
    ];
}
