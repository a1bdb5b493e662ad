namespace Telemetry.Sources.Attachments;

/// <summary><c>attachments.db</c>: every file the agent ingested.</summary>
internal static class AttachmentsSource
{
    public static SourceKey<AttachmentsFigures> Key { get; } = new("attachments");
}
