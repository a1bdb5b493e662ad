using System.Globalization;
using Microsoft.Data.Sqlite;
using Telemetry.AgentSimulator;

namespace Telemetry.Benchmarks.Generation;

/// <summary>
/// Gives a generated agent a <c>usage_records</c> table of a chosen size by adding the months before its seven days:
/// the agent never deletes usage rows, so a table of millions of rows is an agent that has run for months at the
/// scale's rate, not a busier day. The last 24 hours stay exactly as generated.
/// </summary>
/// <remarks>
/// The older rows are the generated days before the last one (same models, roles, tokens, daily shape) repeated
/// backwards, six days at a time, with new ids; the oldest repetition is cut so that the table ends up with exactly the
/// rows asked for. <c>thane.db</c> is then written anew in time order (older rows first, then the generated ones in
/// their write order), indexes created first as the agent does, so rowids follow time as in a real agent's table.
/// </remarks>
internal static class UsageBackfill
{
    private static readonly TimeSpan Period = TimeSpan.FromDays(Scale.Days - 1);

    /// <summary>Fills <c>usage_records</c> up to <paramref name="totalRows"/> rows; returns how many were added.</summary>
    /// <remarks>Runs inside generation, before the files are switched to WAL: the writer's bulk settings would take them out of it.</remarks>
    public static long Fill(AgentLayout layout, DateTimeOffset end, long totalRows, int seed, TextWriter progress)
    {
        var (early, generated) = ReadEarlyRows(layout.MainDb, end);
        var older = totalRows - generated;
        if (older < 0)
        {
            throw new ArgumentException($"the generated agent already has {generated:N0} usage rows, more than {totalRows:N0}", nameof(totalRows));
        }

        if (older == 0)
        {
            return 0;
        }

        if (early.Count == 0)
        {
            throw new InvalidOperationException("no usage rows before the last day to repeat");
        }

        // The generated file steps aside; a new one with the agent's schema takes its place and is filled oldest row first.
        var aside = layout.MainDb + ".generated";
        File.Move(layout.MainDb, aside, overwrite: true);
        using (var connection = AgentWriter.Open(layout.MainDb, bulk: true))
        {
            AgentWriter.Execute(connection, AgentSchema.Sessions + AgentSchema.UsageRecords);
        }

        var copies = (int)((older + early.Count - 1) / early.Count);
        var skip = (int)((copies * (long)early.Count) - older);
        var random = new Random(seed);
        using (var writer = new AgentWriter(layout, bulk: true))
        {
            for (var copy = copies; copy >= 1; copy--)
            {
                var shift = Period * copy;
                var requests = new Dictionary<string, string>(StringComparer.Ordinal);
                writer.Begin();
                foreach (var row in early.Skip(copy == copies ? skip : 0))
                {
                    var at = row.At - shift;
                    var request = requests.TryGetValue(row.RequestId, out var known) ? known : requests[row.RequestId] = Uuid7(random, at);
                    writer.Add(row with { At = at, Id = Uuid7(random, at), Timestamp = AgentTime.Rfc3339(at), RequestId = request });
                }

                writer.Commit();
                if (copy % 5 == 0 || copy == 1)
                {
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  usage history up to {end - shift - TimeSpan.FromDays(1):yyyy-MM-dd}: {writer.UsageRows:N0} older rows"));
                }
            }
        }

        using (var connection = AgentWriter.Open(layout.MainDb, bulk: true))
        {
            AgentWriter.Execute(connection, $"""
                ATTACH DATABASE '{aside.Replace("'", "''", StringComparison.Ordinal)}' AS generated;
                INSERT INTO usage_records SELECT * FROM generated.usage_records ORDER BY rowid;
                INSERT INTO sessions SELECT * FROM generated.sessions ORDER BY rowid;
                DETACH DATABASE generated;
                """);
        }

        File.Delete(aside);
        return older;
    }

    /// <summary>The generated rows before the last day, in write order, and how many rows the table has.</summary>
    private static (List<UsageRow> Early, long Total) ReadEarlyRows(string path, DateTimeOffset end)
    {
        using var connection = AgentWriter.Open(path, bulk: false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, timestamp, request_id, session_id, conversation_id, model, provider, input_tokens, output_tokens, cost_usd, role, task_name,
                   upstream_model, resource, cache_creation_input_tokens, cache_read_input_tokens, upstream_request_id
            FROM usage_records WHERE timestamp < $lastDay ORDER BY rowid
            """;
        command.Parameters.AddWithValue("$lastDay", AgentTime.Rfc3339(end.AddDays(-1)));
        var rows = new List<UsageRow>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var timestamp = reader.GetString(1);
                rows.Add(new UsageRow(
                    DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), reader.GetString(0), timestamp, reader.GetString(2),
                    Text(reader, 3), Text(reader, 4), reader.GetString(5), reader.GetString(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetDouble(9),
                    reader.GetString(10), Text(reader, 11), reader.GetString(12), reader.GetString(13), reader.GetInt64(14), reader.GetInt64(15), reader.GetString(16)));
            }
        }

        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM usage_records";
        return (rows, (long)count.ExecuteScalar()!);
    }

    private static string? Text(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    /// <summary>A UUIDv7 text for <paramref name="at"/>, its random part from the backfill's own seed, so that runs are repeatable.</summary>
    private static string Uuid7(Random random, DateTimeOffset at)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return AgentStream.Uuid7Text(bytes, at);
    }
}
