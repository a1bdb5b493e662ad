using Telemetry.Options;

namespace Telemetry.Sources.Sessions;

/// <summary>Active sessions and the size of <c>thane.db</c>, the agent's main database.</summary>
internal sealed class SessionsSource(AgentPaths paths)
{
    // Delegate child sessions count too: they hold a live conversation.
    private const string ActiveSessionsSql = """
        SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL
        """;

    public Task<Reading<MainStats>> ReadAsync(CancellationToken cancellationToken) => SourceRead.TryAsync(async () =>
    {
        await using var connection = await AgentDatabase.OpenAsync(paths.MainDb, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ActiveSessionsSql;
        var active = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return new MainStats(AgentDatabase.FileSize(paths.MainDb), active);
    });
}
