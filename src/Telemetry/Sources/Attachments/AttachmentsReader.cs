using Microsoft.Data.Sqlite;
using Telemetry.Options;

namespace Telemetry.Sources.Attachments;

/// <summary>Reads the all-time attachment count, bytes and unique files, again only when the file changed (<see cref="StampedQuery{TFigures}"/>).</summary>
internal sealed class AttachmentsReader(AgentPaths paths) : IReader<AttachmentsFigures>
{
    // One row per ingest; duplicate content shares one blob, so distinct hashes count the files on disk.
    private const string TotalsSql = """
        SELECT COUNT(*), COALESCE(SUM(size), 0), COUNT(DISTINCT hash) FROM attachments
        """;

    private readonly StampedQuery<AttachmentsFigures> _query = new((connection, cancellationToken) => ReadTotalsAsync(connection, paths.AttachmentsDb, cancellationToken));

    public bool BlocksThread => true;

    /// <remarks>
    /// The agent creates <c>attachments.db</c> only when it stores attachments (<c>attachments.store_dir</c> set; off by
    /// default), so a missing file is absent by design, as the legacy <c>usage.db</c> is: its sensors are not announced.
    /// </remarks>
    public Task<Reading<AttachmentsFigures>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        File.Exists(paths.AttachmentsDb)
            ? _query.ReadAsync(paths.AttachmentsDb, cancellationToken)
            : Task.FromResult(Reading<AttachmentsFigures>.Absent($"{paths.AttachmentsDb} does not exist (the agent stores attachments only with attachments.store_dir set)"));

    private static async Task<AttachmentsFigures> ReadTotalsAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = TotalsSql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new AttachmentsFigures(AgentDatabase.FileSize(path), reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
