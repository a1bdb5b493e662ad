using Microsoft.Data.Sqlite;
using Telemetry.AgentSimulator;
using Telemetry.Options;

namespace Telemetry.Testing;

/// <summary>A real agent working directory in a temp folder: the agent's schemas, in WAL mode, with writer connections held open as the agent holds them.</summary>
internal sealed class AgentDirectory : IDisposable
{
    private readonly Dictionary<string, SqliteConnection> _writers = new(StringComparer.Ordinal);

    private AgentDirectory(AgentLayout layout) => Layout = layout;

    /// <summary>The agent's files, as the agent lays them out.</summary>
    public AgentLayout Layout { get; }

    public string Root => Layout.Root;

    public string MainDb => Layout.MainDb;

    public string LogsDb => Layout.LogsDb;

    public string LegacyLogsDb => Layout.LegacyLogsDb;

    public string AttachmentsDb => Layout.AttachmentsDb;

    public string UsageDb => Layout.UsageDb;

    public string InstanceIdFile => Layout.InstanceIdFile;

    /// <summary>An empty agent directory (no databases yet).</summary>
    public static AgentDirectory CreateEmpty() => new(AgentLayout.CreateTemp("thane-test"));

    /// <summary>A current agent: thane.db (sessions, usage_records), archive/logs.db, db/attachments.db and an instance id.</summary>
    /// <param name="attachments">Whether it stores attachments (the agent's default is not to, and then has no attachments.db).</param>
    public static AgentDirectory CreateCurrent(string instanceId = "01970000-aaaa-7bbb-8ccc-000000000001", bool attachments = true)
    {
        var agent = CreateEmpty();
        agent.Writer(agent.MainDb, AgentSchema.Sessions + AgentSchema.UsageRecords);
        agent.Writer(agent.LogsDb, AgentSchema.LogEntries);
        if (attachments)
        {
            agent.Writer(agent.AttachmentsDb, AgentSchema.Attachments);
        }

        File.WriteAllText(agent.InstanceIdFile, instanceId + "\n");
        return agent;
    }

    /// <summary>Options for this directory, with the manifest's defaults for everything else.</summary>
    public TelemetryOptions Options(Uri? agentUrl = null) => OptionsParser.Parse("{}") with { ThaneDir = Root, AgentUrl = agentUrl };

    /// <summary>The writer connection for a database, created with <paramref name="schema"/> in WAL mode if new.</summary>
    public SqliteConnection Writer(string path, string schema = "")
    {
        if (!_writers.TryGetValue(path, out var connection))
        {
            connection = AgentSql.OpenWriter(path);
            _writers[path] = connection;
        }

        if (schema.Length > 0)
        {
            AgentSql.Execute(connection, schema);
        }

        return connection;
    }

    public void AddSession(string id, string startedAt, string? endedAt = null, string? parentSessionId = null) =>
        AgentSql.Execute(Writer(MainDb), "INSERT INTO sessions (id, conversation_id, started_at, ended_at, parent_session_id) VALUES ($id, 'conv', $start, $end, $parent)",
            ("$id", id), ("$start", startedAt), ("$end", endedAt), ("$parent", parentSessionId));

    /// <param name="database">Where usage_records lives: <see cref="MainDb"/> (current agents) or <see cref="UsageDb"/> (before 2026-03-30).</param>
    public void AddUsage(string timestamp, string model, long input, long output, double cost, long cacheRead = 0, string? database = null)
    {
        var connection = Writer(database ?? MainDb, AgentSchema.UsageRecords);
        AgentSql.Execute(connection, """
            INSERT INTO usage_records (id, timestamp, request_id, model, provider, input_tokens, output_tokens, cost_usd, role, cache_read_input_tokens)
            VALUES ($id, $ts, $req, $model, 'anthropic', $in, $out, $cost, 'interactive', $cache)
            """,
            ("$id", Guid.NewGuid().ToString()), ("$ts", timestamp), ("$req", "req-" + Guid.NewGuid().ToString("N")[..6]), ("$model", model),
            ("$in", input), ("$out", output), ("$cost", cost), ("$cache", cacheRead));
    }

    /// <param name="requestId">Null is stored as NULL, as the agent's indexer stores an empty id.</param>
    public void AddLog(string timestamp, string level, string? requestId, string? database = null) =>
        AgentSql.Execute(Writer(database ?? LogsDb, AgentSchema.LogEntries), "INSERT INTO log_entries (timestamp, level, msg, request_id) VALUES ($ts, $level, 'm', $req)",
            ("$ts", timestamp), ("$level", level), ("$req", requestId));

    public void AddAttachment(string hash, long size) =>
        AgentSql.Execute(Writer(AttachmentsDb), "INSERT INTO attachments (id, hash, store_path, size, received_at) VALUES ($id, $hash, 'ab/cd/x', $size, '2026-11-01T10:00:00Z')",
            ("$id", Guid.NewGuid().ToString()), ("$hash", hash), ("$size", size));

    /// <summary>Moves WAL content into the main file, as the agent's auto-checkpoint does.</summary>
    public void Checkpoint(string path) => AgentSql.Execute(Writer(path), "PRAGMA wal_checkpoint(TRUNCATE)");

    /// <summary>
    /// Dates the last write of every file written in the last half hour an hour back, as if the agent had written
    /// long ago: the sources may then trust an unchanged file without reading it (<c>FilesStamp</c>), as they would
    /// on a quiet agent. Each call gives another time, so a write between two calls still shows.
    /// </summary>
    public void AgeFiles()
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            if (File.GetLastWriteTimeUtc(file) > now - TimeSpan.FromMinutes(30))
            {
                File.SetLastWriteTimeUtc(file, now - TimeSpan.FromHours(1));
            }
        }
    }

    /// <summary>Closes one database's writer (checkpointing it), so the test can replace or damage the file.</summary>
    public void CloseWriter(string path)
    {
        if (_writers.Remove(path, out var connection))
        {
            connection.Dispose();
        }
    }

    /// <summary>Replaces a database with a copy of itself: the same rows in another file (another inode), as a restored backup.</summary>
    public void ReplaceWithCopy(string path)
    {
        CloseWriter(path);
        File.Copy(path, path + ".copy");
        File.Move(path + ".copy", path, overwrite: true);
    }

    /// <summary>Closes the writers, as a cleanly stopped agent does: SQLite checkpoints and removes the -wal and -shm files.</summary>
    public void CloseWriters()
    {
        foreach (var connection in _writers.Values)
        {
            connection.Dispose();
        }

        _writers.Clear();
    }

    /// <summary>Every file under the directory with its SHA-256, to prove nothing was written.</summary>
    public IReadOnlyDictionary<string, string> Fingerprint(Func<string, bool>? include = null) =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => include?.Invoke(f) ?? true)
            .ToDictionary(f => Path.GetRelativePath(Root, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);

    public void Dispose()
    {
        foreach (var connection in _writers.Values)
        {
            connection.Dispose();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
