using Microsoft.Data.Sqlite;
using Telemetry.Options;
using Telemetry.Sources.Tables;

namespace Telemetry.Sources.Usage;

/// <summary>Token usage and cost from <c>usage_records</c>: the 24-hour window, and lifetime and calendar totals.</summary>
/// <remarks>
/// <para>
/// Agents since 2026-03-30 keep the table in <c>thane.db</c>; older ones in <c>usage.db</c>. The agent's own
/// telemetry still sizes <c>usage.db</c>, which current installs no longer have; we read the table wherever it is.
/// </para>
/// <para>
/// Timestamps are written as RFC 3339 whole seconds in UTC, so the bounds compare exactly as text, and the
/// half-open window <c>[now − 24 h, now)</c> matches the agent's own query. Cache tokens are not input, as in the
/// agent. Stateful: the first read takes every row from the window start on, later ones only the rows added since
/// (<see cref="UsageTable"/> followed by a <see cref="TableFollower{TFigures}"/>); rows stamped in the future wait
/// in memory until the window reaches them; when neither file changed since the last read (<see cref="FilesStamp"/>),
/// nothing is read and the window moves in memory. Days and months are those of the injected clock's local time zone,
/// which is the <c>TZ</c> Home Assistant gives the add-on.
/// </para>
/// </remarks>
internal sealed class UsageSource(AgentPaths paths, TimeProvider timeProvider, IncrementalSettings? settings = null)
{
    private const string Table = "usage_records";

    private readonly TableFollower<UsageStats> _follower = new(new UsageTable(timeProvider.LocalTimeZone), settings ?? IncrementalSettings.Default);
    private (FilesStamp Stamp, string Path)? _read;

    /// <summary>How the last read went.</summary>
    public ReadMode LastRead => _follower.LastRead;

    public Task<Reading<UsageStats>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) => SourceRead.TryAsync(async () =>
    {
        try
        {
            // Both files: an agent upgraded while the add-on runs moves the table from usage.db to thane.db.
            var stamp = FilesStamp.Take(paths.MainDb, paths.UsageDb);
            if (_read is { } last && stamp.IsUnchangedSince(last.Stamp) && _follower.TryAdvance(last.Path, now, out var figures))
            {
                _read = (stamp, last.Path);
                return figures;
            }

            _read = null;
            var (connection, path) = await OpenTableAsync(cancellationToken);
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
    });

    private async Task<(SqliteConnection Connection, string Path)> OpenTableAsync(CancellationToken cancellationToken)
    {
        foreach (var path in new[] { paths.MainDb, paths.UsageDb })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            var connection = await AgentDatabase.OpenAsync(path, cancellationToken);
            if (await AgentDatabase.HasTableAsync(connection, Table, cancellationToken))
            {
                return (connection, path);
            }

            await connection.DisposeAsync();
        }

        throw new SourceUnavailableException($"no {Table} table in {paths.MainDb} or {paths.UsageDb}");
    }
}
