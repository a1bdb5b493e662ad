using Telemetry.Options;
using Telemetry.Sources.Tables;

namespace Telemetry.Sources.Logs;

/// <summary>24-hour requests, errors and request latency from <c>log_entries</c> in <c>logs.db</c>.</summary>
/// <remarks>
/// <para>
/// The agent's own query takes text MIN/MAX of each request's timestamps. Its timestamps are RFC 3339 with trailing
/// fraction zeros trimmed, so text order is not time order within a second (<c>…:05Z</c> sorts after <c>…:05.5Z</c>).
/// Here every timestamp is parsed and the first and last are taken in time. A row is in the window when its text is
/// at or after <c>now − 24 h − 1 s</c> in whole seconds (rows of the boundary second carry a fraction and sort before
/// the whole-second bound) and its parsed time at or after <c>now − 24 h</c> (see <see cref="WindowKey"/>).
/// </para>
/// <para>
/// Stateful: the first read takes the whole window, later ones only the rows added since (<see cref="LogsTable"/>
/// followed by a <see cref="TableFollower{TFigures}"/>), and none when the file is unchanged since the last read
/// (<see cref="FilesStamp"/>) and the window's move needs no rows. Reads come from one cycle at a time.
/// </para>
/// </remarks>
internal sealed class LogsSource(AgentPaths paths, IncrementalSettings? settings = null)
{
    private readonly TableFollower<LogStats> _follower = new(new LogsTable(), settings ?? IncrementalSettings.Default);
    private FilesStamp? _read;

    /// <summary>How the last read went.</summary>
    public ReadMode LastRead => _follower.LastRead;

    public Task<Reading<LogStats>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) => SourceRead.TryAsync(async () =>
    {
        try
        {
            var path = LogsFile.Locate(paths);
            var stamp = FilesStamp.Take(path);
            if (stamp.IsUnchangedSince(_read) && _follower.TryAdvance(path, now, out var figures))
            {
                _read = stamp;
                return figures;
            }

            _read = null;
            await using var connection = await AgentDatabase.OpenAsync(path, cancellationToken);
            var read = await _follower.ReadAsync(connection, path, now, cancellationToken);
            _read = stamp;
            return read;
        }
        catch
        {
            _read = null;
            _follower.Reset();
            throw;
        }
    });
}
