using Telemetry.HomeAssistant;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.Sources.Attachments;

/// <summary>The sensors of <c>attachments.db</c>, as in the agent's telemetry package.</summary>
internal static class AttachmentsSensors
{
    public static IReadOnlyList<Sensor<AttachmentsFigures>> All { get; } =
    [
        DatabaseSizeSensor.Of(AttachmentsSource.Key, "db_attachments_size", "DB Attachments Size", a => a.FileBytes),
        new(AttachmentsSource.Key) { Key = "attachments_total", Name = "Attachments Total", State = a => Integer(a.Total),
            Icon = "mdi:paperclip", Unit = "files", StateClass = StateClasses.Measurement },
        new(AttachmentsSource.Key) { Key = "attachments_total_bytes", Name = "Attachments Size", EnabledByDefault = false, State = a => Integer(a.TotalBytes),
            Icon = "mdi:paperclip", Unit = "B", DeviceClass = DeviceClasses.DataSize, StateClass = StateClasses.Measurement },
        new(AttachmentsSource.Key) { Key = "attachments_unique_files", Name = "Attachments Unique", State = a => Integer(a.UniqueFiles),
            Icon = "mdi:file-check", Unit = "files", StateClass = StateClasses.Measurement },
    ];
}
