using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Telemetry.AgentSimulator;

namespace Telemetry.Benchmarks.Generation;

/// <summary>Writes an agent directory with <see cref="Scale.Days"/> days of history in the agent's schemas, in WAL mode.</summary>
internal static class AgentGenerator
{
    /// <summary>Where a generated history ends unless told otherwise; the cycle benchmark's simulated clock starts here.</summary>
    public static readonly DateTimeOffset DefaultEnd = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    /// <param name="ending">When the history ends: the add-on process runs on the real clock, so its agent's history must end now.</param>
    /// <param name="usageRows">How many rows <c>usage_records</c> should hold, by adding older history (<see cref="UsageBackfill"/>); null: the seven days only.</param>
    public static Manifest Generate(AgentLayout layout, Scale scale, int seed, TextWriter progress, DateTimeOffset? ending = null, long? usageRows = null)
    {
        var end = ending ?? DefaultEnd;
        if (Directory.Exists(layout.Root))
        {
            Directory.Delete(layout.Root, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(layout.Root, "db"));
        Directory.CreateDirectory(Path.Combine(layout.Root, "archive"));
        var random = new Random(seed);
        var stream = new AgentStream(scale, end.AddDays(-Scale.Days), seed);
        File.WriteAllText(layout.InstanceIdFile, stream.Uuid7(end.AddDays(-30)) + "\n");

        using (var main = AgentWriter.Open(layout.MainDb, bulk: true))
        {
            AgentWriter.Execute(main, AgentSchema.Sessions + AgentSchema.UsageRecords);
            WriteSessions(main, scale, random, stream, end);
        }

        using (var logs = AgentWriter.Open(layout.LogsDb, bulk: true))
        {
            AgentWriter.Execute(logs, AgentSchema.LogEntries);
        }

        using (var attachments = AgentWriter.Open(layout.AttachmentsDb, bulk: true))
        {
            AgentWriter.Execute(attachments, AgentSchema.Attachments);
            WriteAttachments(attachments, scale, random, end);
        }

        var watch = Stopwatch.StartNew();
        long logRows, generatedUsageRows;
        using (var writer = new AgentWriter(layout, bulk: true))
        {
            for (var at = end.AddDays(-Scale.Days); at < end; at = at.AddHours(1))
            {
                if (at == end.AddDays(-1))
                {
                    stream.Use(scale.LastDay);
                }

                writer.Begin();
                stream.Advance(at.AddHours(1), writer.Add, writer.Add);
                writer.Commit();
                if (at.Hour == 0)
                {
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {at:yyyy-MM-dd}: {writer.LogRows:N0} log rows, {writer.UsageRows:N0} usage rows, {watch.Elapsed.TotalSeconds:0} s"));
                }
            }

            logRows = writer.LogRows;
            generatedUsageRows = writer.UsageRows;
        }

        var olderUsageRows = usageRows is { } total ? UsageBackfill.Fill(layout, end, total, seed + 1, progress) : 0;
        foreach (var path in new[] { layout.MainDb, layout.LogsDb, layout.AttachmentsDb })
        {
            using var connection = AgentWriter.Open(path, bulk: false);
            AgentWriter.Execute(connection, "PRAGMA journal_mode=WAL");
        }

        var manifest = new Manifest(scale.Name, seed, end, logRows, generatedUsageRows + olderUsageRows, scale.Sessions, scale.Attachments, end, olderUsageRows);
        layout.WriteManifest(manifest);
        return manifest;
    }

    private static void WriteSessions(SqliteConnection connection, Scale scale, Random random, AgentStream stream, DateTimeOffset end)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO sessions (id, conversation_id, started_at, ended_at, end_reason, message_count, summary, title, tags, metadata, parent_session_id)
            VALUES ($id, $conv, $start, $end, $reason, $count, $summary, $title, $tags, '{}', $parent)
            """;
        string? previous = null;
        for (var i = 0; i < scale.Sessions; i++)
        {
            var started = end.AddDays(-Scale.Days * random.NextDouble());
            var active = i % (scale.Sessions / 12) == 0;
            var id = stream.Uuid7(started);
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$conv", "conv-" + random.Next(0, 5_000).ToString("D5", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$start", AgentStream.Nano(started, random.Next(0, 100)));
            command.Parameters.AddWithValue("$end", active ? DBNull.Value : AgentStream.Nano(started.AddMinutes(random.Next(1, 240)), 0));
            command.Parameters.AddWithValue("$reason", active ? DBNull.Value : "idle");
            command.Parameters.AddWithValue("$count", random.Next(1, 80));
            command.Parameters.AddWithValue("$summary", string.Join(' ', Enumerable.Range(0, 40).Select(_ => Words[random.Next(Words.Length)])));
            command.Parameters.AddWithValue("$title", string.Join(' ', Enumerable.Range(0, 5).Select(_ => Words[random.Next(Words.Length)])));
            command.Parameters.AddWithValue("$tags", "[\"home\",\"" + Words[random.Next(Words.Length)] + "\"]");
            command.Parameters.AddWithValue("$parent", random.NextDouble() < 0.2 && previous is not null ? previous : DBNull.Value);
            command.ExecuteNonQuery();
            previous = id;
        }

        transaction.Commit();
    }

    private static void WriteAttachments(SqliteConnection connection, Scale scale, Random random, DateTimeOffset end)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO attachments (id, hash, store_path, original_name, content_type, size, width, height, channel, sender, conversation_id, received_at)
            VALUES ($id, $hash, $path, $name, 'image/jpeg', $size, 1920, 1080, 'signal', 'alice', $conv, $at)
            """;
        var hashes = new List<string>();
        for (var i = 0; i < scale.Attachments; i++)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            var hash = hashes.Count > 0 && random.NextDouble() < 0.15 ? hashes[random.Next(hashes.Count)] : Convert.ToHexString(bytes).ToLowerInvariant();
            hashes.Add(hash);
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", new Guid(bytes.AsSpan(0, 16)).ToString());
            command.Parameters.AddWithValue("$hash", hash);
            command.Parameters.AddWithValue("$path", hash[..2] + "/" + hash[2..4] + "/" + hash + ".jpg");
            command.Parameters.AddWithValue("$name", "IMG_" + i.ToString("D5", CultureInfo.InvariantCulture) + ".jpg");
            command.Parameters.AddWithValue("$size", (long)Math.Clamp(200_000 * Math.Exp(random.NextDouble() * 2 - 1), 1_000, 20_000_000));
            command.Parameters.AddWithValue("$conv", "conv-" + random.Next(0, 5_000).ToString("D5", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$at", AgentStream.Nano(end.AddDays(-60 * random.NextDouble()), 0));
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static readonly string[] Words =
    [
        "lights", "kitchen", "thermostat", "garage", "door", "weather", "calendar", "reminder", "email", "groceries", "pool", "temperature",
        "hangar", "humidity", "alarm", "camera", "battery", "solar", "energy", "schedule", "meeting", "dinner", "music", "vacation",
    ];
}
