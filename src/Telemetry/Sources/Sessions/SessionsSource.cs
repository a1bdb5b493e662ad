using Telemetry.Options;

namespace Telemetry.Sources.Sessions;

/// <summary>Active sessions and the size of <c>thane.db</c>, the agent's main database.</summary>
/// <remarks>Read again only when the file changed since the last read (<see cref="FilesStamp"/>). Reads come from one cycle at a time.</remarks>
internal sealed class SessionsSource(AgentPaths paths)
{
    // Delegate child sessions count too: they hold a live conversation.
    private const string ActiveSessionsSql = """
        SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL
        """;

    private (FilesStamp Stamp, MainStats Stats)? _last;

    public Task<Reading<MainStats>> ReadAsync(CancellationToken cancellationToken) => SourceRead.TryAsync(async () =>
    {
        var stamp = FilesStamp.Take(paths.MainDb);
        if (_last is { } last && stamp.IsUnchangedSince(last.Stamp))
        {
            return last.Stats;
        }

        _last = null;
        await using var connection = await AgentDatabase.OpenAsync(paths.MainDb, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ActiveSessionsSql;
        var active = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        var stats = new MainStats(AgentDatabase.FileSize(paths.MainDb), active);
        _last = (stamp, stats);
        return stats;
    });
}
