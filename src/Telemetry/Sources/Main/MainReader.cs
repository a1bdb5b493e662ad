using System.Globalization;
using Microsoft.Data.Sqlite;
using Telemetry.Options;

namespace Telemetry.Sources.Main;

/// <summary>Reads active sessions and the size of <c>thane.db</c>, again only when the file changed (<see cref="StampedQuery{TFigures}"/>).</summary>
internal sealed class MainReader(AgentPaths paths) : IReader<MainFigures>
{
    // Delegate child sessions count too: they hold a live conversation.
    private const string ActiveSessionsSql = """
        SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL
        """;

    private readonly StampedQuery<MainFigures> _query = new(async (connection, cancellationToken) =>
        new MainFigures(AgentDatabase.FileSize(paths.MainDb), await CountActiveAsync(connection, cancellationToken)));

    public bool BlocksThread => true;

    public Task<Reading<MainFigures>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) => _query.ReadAsync(paths.MainDb, cancellationToken);

    private static async Task<long> CountActiveAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = ActiveSessionsSql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
