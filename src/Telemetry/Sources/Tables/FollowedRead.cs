using Microsoft.Data.Sqlite;

namespace Telemetry.Sources.Tables;

/// <summary>The read of a followed table each cycle: nothing when its files are unchanged, the new rows otherwise, and everything after a failure.</summary>
/// <remarks>
/// When no file the table may be in changed since the last read (<see cref="FilesStamp"/>), the figures move to the
/// cycle's time in memory, unless that needs rows; otherwise the table's file is opened and the
/// <see cref="TableFollower{TFigures}"/> reads what is new. Any failure forgets everything, so a source that recovers
/// is read in full. Reads come from one cycle at a time.
/// </remarks>
internal sealed class FollowedRead<TFigures>
{
    private readonly IFollowedTable<TFigures> _table;
    private readonly MemoryRelief _relief;
    private readonly TableFollower<TFigures> _follower;
    private readonly (KeptWindows Windows, string FileName)? _kept;
    private (FilesStamp Stamp, string Path)? _read;
    private bool _restoreTried;

    /// <param name="kept">
    /// Where the table's window is kept across a restart (a table that is an <see cref="IKeptTable"/>): written at the
    /// stop, taken back before the first read; null: every start reads in full.
    /// </param>
    public FollowedRead(IFollowedTable<TFigures> table, IncrementalSettings settings, MemoryRelief relief, (KeptWindows Windows, string FileName)? kept = null)
    {
        _table = table;
        _relief = relief;
        _follower = new TableFollower<TFigures>(table, settings);
        _kept = kept;
        kept?.Windows.Register(kept.Value.FileName, Keep);
    }

    /// <summary>How the last read went.</summary>
    public TableRead LastRead => _follower.LastRead;

    /// <param name="stamp">The files whose change means a read, looked at just now.</param>
    /// <param name="open">Opens the file that holds the table, and says which it is.</param>
    public async Task<TFigures> ReadAsync(
        FilesStamp stamp, Func<CancellationToken, Task<(SqliteConnection Connection, string Path)>> open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_restoreTried)
        {
            _restoreTried = true;
            Restore();
        }

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
            _relief.Note(_follower.LastRead);
        }
    }

    // The file's identity first: the same path may name another file by now (a restored backup, another agent).
    private bool Keep(BinaryWriter writer)
    {
        if (_follower.MarkPath is not { } path)
        {
            return false;
        }

        var identity = FileIdentity.Of(path);
        writer.Write(path);
        writer.Write(identity is not null);
        writer.Write(identity?.DeviceMajor ?? 0);
        writer.Write(identity?.DeviceMinor ?? 0);
        writer.Write(identity?.Inode ?? 0);
        return _follower.TryKeep(writer);
    }

    // As if the last read had just happened: the first read checks the mark as between two cycles and audits at once.
    private void Restore()
    {
        if (_kept is not var (windows, fileName) || windows.Take(fileName) is not { } reader)
        {
            return;
        }

        using (reader)
        {
            try
            {
                var path = reader.ReadString();
                var known = reader.ReadBoolean();
                var kept = (reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt64());
                if (known && FileIdentity.Of(path) is { } now && kept != (now.DeviceMajor, now.DeviceMinor, now.Inode))
                {
                    throw new InvalidDataException($"{path} is another file now");
                }

                _follower.Restore(reader, path);
                windows.Restored(_table.Name, _follower.LastRead.Held);
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
            {
                _follower.Reset();
                windows.Unusable(fileName, ex.Message);
            }
        }
    }
}
