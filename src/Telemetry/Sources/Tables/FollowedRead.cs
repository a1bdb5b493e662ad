using Microsoft.Data.Sqlite;

namespace Telemetry.Sources.Tables;

/// <summary>The read of a followed table each cycle: nothing when its files are unchanged, the new rows otherwise, and everything after a failure.</summary>
/// <remarks>
/// When no file the table may be in changed since the last read (<see cref="FilesStamp"/>), the figures move to the
/// cycle's time in memory, unless that needs rows; otherwise the table's file is opened and the
/// <see cref="TableFollower{TFigures}"/> reads what is new. Any failure forgets everything, so a source that recovers
/// is read in full. Reads come from one cycle at a time.
/// </remarks>
internal sealed class FollowedRead<TFigures>(IFollowedTable<TFigures> table, IncrementalSettings settings, MemoryRelief relief)
{
    private readonly TableFollower<TFigures> _follower = new(table, settings);
    private (FilesStamp Stamp, string Path)? _read;

    /// <summary>How the last read went.</summary>
    public TableRead LastRead => _follower.LastRead;

    /// <summary>Writes what the follower holds (see <see cref="TableFollower{TFigures}.TryKeep"/>).</summary>
    public bool TryKeep(BinaryWriter writer) => _follower.TryKeep(writer);

    /// <summary>Takes back what <see cref="TryKeep"/> wrote; the next read opens the file, checks it and audits it.</summary>
    /// <exception cref="InvalidDataException">It does not fit; everything is forgotten then.</exception>
    /// <exception cref="EndOfStreamException">It was cut short; everything is forgotten then.</exception>
    public void Restore(BinaryReader reader, string path)
    {
        _read = null;
        try
        {
            _follower.Restore(reader, path);
        }
        catch
        {
            _follower.Reset();
            throw;
        }
    }

    /// <param name="stamp">The files whose change means a read, looked at just now.</param>
    /// <param name="open">Opens the file that holds the table, and says which it is.</param>
    public async Task<TFigures> ReadAsync(
        FilesStamp stamp, Func<CancellationToken, Task<(SqliteConnection Connection, string Path)>> open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            if (_read is { } last && stamp.IsUnchangedSince(last.Stamp) && _follower.TryAdvance(last.Path, now, out var figures))
            {
                _read = (stamp, last.Path);
                return figures;
            }

            _read = null;
            var (connection, path) = await open(cancellationToken);
            await using (connection)
            {
                var read = await _follower.ReadAsync(connection, path, now, cancellationToken);
                _read = (stamp, path);
                return read;
            }
        }
        catch
        {
            _read = null;
            _follower.Reset();
            throw;
        }
        finally
        {
            relief.Note(_follower.LastRead);
        }
    }
}
