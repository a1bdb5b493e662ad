using Microsoft.Data.Sqlite;
using Telemetry.Options;

namespace Telemetry.Sources.Usage;

/// <summary>Where <c>usage_records</c> is: <c>thane.db</c> on agents since 2026-03-30, the legacy <c>usage.db</c> before.</summary>
internal static class UsageDatabase
{
    /// <summary>A read-only connection to the first of the two files that has the table, and that file's path.</summary>
    /// <exception cref="SourceUnavailableException">Neither has it.</exception>
    public static async Task<(SqliteConnection Connection, string Path)> OpenAsync(AgentPaths paths, CancellationToken cancellationToken)
    {
        foreach (var path in new[] { paths.MainDb, paths.UsageDb })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            var connection = await AgentDatabase.OpenAsync(path, cancellationToken);
            if (await AgentDatabase.HasTableAsync(connection, UsageColumns.Table, cancellationToken))
            {
                return (connection, path);
            }

            await connection.DisposeAsync();
        }

        throw new SourceUnavailableException($"no {UsageColumns.Table} table in {paths.MainDb} or {paths.UsageDb}");
    }
}
