using Telemetry.Options;

namespace Telemetry.Collection;

/// <summary>24-hour requests, errors and request latency from <c>log_entries</c> in <c>logs.db</c>.</summary>
/// <remarks>
/// The agent's own query takes text MIN/MAX of each request's timestamps. Its timestamps are RFC 3339 with trailing
/// fraction zeros trimmed, so text order is not time order within a second (<c>…:05Z</c> sorts after <c>…:05.5Z</c>).
/// Here every timestamp is parsed and the first and last are taken in time.
/// </remarks>
internal sealed class LogsSource(AgentPaths paths)
{
    // The lower bound is one second early: rows inside the boundary second carry a fraction and sort
    // before the whole-second bound as text. The exact cut is made on the parsed time.
    private const string WindowSql = """
        SELECT request_id, level, timestamp
        FROM log_entries
        WHERE timestamp >= $lowerBound
        """;

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public Task<Reading<LogStats>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) => SourceRead.TryAsync(async () =>
    {
        await using var connection = await AgentDatabase.OpenAsync(paths.LogsDb, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = WindowSql;
        var since = now - Window;
        command.Parameters.AddWithValue("$lowerBound", Timestamps.FormatRfc3339Seconds(since.AddSeconds(-1)));

        var aggregate = new RequestWindow();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(2) || !Timestamps.TryParse(reader.GetString(2), out var at) || at < since)
            {
                continue;
            }

            var requestId = reader.IsDBNull(0) ? null : reader.GetString(0);
            var level = reader.IsDBNull(1) ? "" : reader.GetString(1);
            aggregate.Add(requestId, level, at);
        }

        return aggregate.ToStats(AgentDatabase.FileSize(paths.LogsDb));
    });
}
