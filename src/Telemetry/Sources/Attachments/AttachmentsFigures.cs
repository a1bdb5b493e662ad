namespace Telemetry.Sources.Attachments;

/// <summary>All-time attachment figures, and the size of <c>attachments.db</c>.</summary>
internal sealed record AttachmentsFigures(long FileBytes, long Total, long TotalBytes, long UniqueFiles);
