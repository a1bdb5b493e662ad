using Telemetry.Options;

namespace Telemetry.Sources.Attachments;

/// <summary>All-time attachment count, bytes and unique files from <c>attachments.db</c>.</summary>
/// <remarks>Read again only when the file changed since the last read (<see cref="FilesStamp"/>). Reads come from one cycle at a time.</remarks>
internal sealed class AttachmentsSource(AgentPaths paths)
{
    // One row per ingest; duplicate content shares one blob, so distinct hashes count the files on disk.
    private const string TotalsSql = """
        SELECT COUNT(*), COALESCE(SUM(size), 0), COUNT(DISTINCT hash) FROM attachments
        """;

    private (FilesStamp Stamp, AttachmentStats Stats)? _last;

    public Task<Reading<AttachmentStats>> ReadAsync(CancellationToken cancellationToken) => SourceRead.TryAsync(async () =>
    {
        var stamp = FilesStamp.Take(paths.AttachmentsDb);
        if (_last is { } last && stamp.IsUnchangedSince(last.Stamp))
        {
            return last.Stats;
        }

        _last = null;
        await using var connection = await AgentDatabase.OpenAsync(paths.AttachmentsDb, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = TotalsSql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var stats = new AttachmentStats(AgentDatabase.FileSize(paths.AttachmentsDb), reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        _last = (stamp, stats);
        return stats;
    });
}
