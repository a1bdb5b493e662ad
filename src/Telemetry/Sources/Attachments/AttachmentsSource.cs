using Telemetry.Options;

namespace Telemetry.Sources.Attachments;

/// <summary>All-time attachment count, bytes and unique files from <c>attachments.db</c>.</summary>
internal sealed class AttachmentsSource(AgentPaths paths)
{
    // One row per ingest; duplicate content shares one blob, so distinct hashes count the files on disk.
    private const string TotalsSql = """
        SELECT COUNT(*), COALESCE(SUM(size), 0), COUNT(DISTINCT hash) FROM attachments
        """;

    public Task<Reading<AttachmentStats>> ReadAsync(CancellationToken cancellationToken) => SourceRead.TryAsync(async () =>
    {
        await using var connection = await AgentDatabase.OpenAsync(paths.AttachmentsDb, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = TotalsSql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new AttachmentStats(AgentDatabase.FileSize(paths.AttachmentsDb), reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    });
}
