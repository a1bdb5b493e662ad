using Microsoft.Data.Sqlite;

namespace Telemetry.Sources;

/// <summary>A query of one database that runs again only when the file changed since its last run (<see cref="FilesStamp"/>).</summary>
/// <remarks>For the sources that read a few figures of a whole file each time (sessions, attachments). Runs come from one cycle at a time.</remarks>
internal sealed class StampedQuery<TFigures>(Func<SqliteConnection, CancellationToken, Task<TFigures>> query)
    where TFigures : class
{
    private (FilesStamp Stamp, TFigures Figures)? _last;

    /// <summary>The figures of the database at <paramref name="path"/>: the last ones when nobody wrote it since.</summary>
    public Task<Reading<TFigures>> ReadAsync(string path, CancellationToken cancellationToken) => SourceRead.TryAsync(async () =>
    {
        var stamp = FilesStamp.Take(path);
        if (_last is { } last && stamp.IsUnchangedSince(last.Stamp))
        {
            return last.Figures;
        }

        _last = null;
        await using var connection = await AgentDatabase.OpenAsync(path, cancellationToken);
        var figures = await query(connection, cancellationToken);
        _last = (stamp, figures);
        return figures;
    });
}
