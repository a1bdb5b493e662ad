using Telemetry.Options;
using Telemetry.Sources.Tables;

namespace Telemetry.Sources.Logs;

/// <summary>Reads 24-hour requests, errors and request latency from <c>log_entries</c> in <c>logs.db</c>.</summary>
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
/// followed by a <see cref="FollowedRead{TFigures}"/>), and none when the file is unchanged since the last read and
/// the window's move needs no rows.
/// </para>
/// </remarks>
internal sealed class LogsReader(AgentPaths paths, MemoryRelief relief, IncrementalSettings? settings = null, KeptWindows? kept = null) : IReader<LogsFigures>
{
    /// <summary>Where the window is kept across a restart (<see cref="KeptWindows"/>), in the add-on's state folder.</summary>
    public const string KeptFileName = "logs_window.bin";

    private readonly FollowedRead<LogsFigures> _read = new(new LogsTable(), settings ?? IncrementalSettings.Default, relief, kept is null ? null : (kept, KeptFileName));

    public bool BlocksThread => true;

    /// <summary>How the last read went.</summary>
    public TableRead LastRead => _read.LastRead;

    public string Note => LastRead.Describe();

    public Task<Reading<LogsFigures>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) => SourceRead.TryAsync(() =>
    {
        var path = LogsFile.Locate(paths);
        return _read.ReadAsync(FilesStamp.Take(path), async token => (await AgentDatabase.OpenAsync(path, token), path), now, cancellationToken);
    });
}
