namespace Telemetry.Sources.Attachments;

/// <summary>All-time attachment figures.</summary>
internal sealed record AttachmentStats(long FileBytes, long Total, long TotalBytes, long UniqueFiles);
