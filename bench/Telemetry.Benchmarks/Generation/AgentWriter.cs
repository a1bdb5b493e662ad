using Microsoft.Data.Sqlite;
using Telemetry.AgentSimulator;

namespace Telemetry.Benchmarks.Generation;

/// <summary>Writes log and usage rows into an agent directory through connections held open, as the agent holds its own.</summary>
internal sealed class AgentWriter : IDisposable
{
    private readonly SqliteConnection _logs;
    private readonly SqliteConnection _main;
    private readonly SqliteCommand _insertLog;
    private readonly SqliteCommand _insertUsage;
    private SqliteTransaction? _logsTransaction;
    private SqliteTransaction? _mainTransaction;

    public AgentWriter(AgentLayout layout, bool bulk)
    {
        _logs = Open(layout.LogsDb, bulk);
        _main = Open(layout.MainDb, bulk);
        _insertLog = Prepare(_logs, """
            INSERT INTO log_entries (timestamp, level, msg, request_id, session_id, conversation_id, subsystem, tool, model, loop_id, loop_name, source_file, source_line, attrs)
            VALUES ($ts, $level, $msg, $req, $session, $conv, $subsystem, $tool, $model, $loopId, $loopName, $file, $line, $attrs)
            """, "$ts", "$level", "$msg", "$req", "$session", "$conv", "$subsystem", "$tool", "$model", "$loopId", "$loopName", "$file", "$line", "$attrs");
        _insertUsage = Prepare(_main, """
            INSERT INTO usage_records (id, timestamp, request_id, session_id, conversation_id, model, provider, input_tokens, output_tokens, cost_usd, role, task_name,
              upstream_model, resource, cache_creation_input_tokens, cache_read_input_tokens, upstream_request_id)
            VALUES ($id, $ts, $req, $session, $conv, $model, $provider, $in, $out, $cost, $role, $task, $upstream, $resource, $cacheCreation, $cacheRead, $upstreamReq)
            """, "$id", "$ts", "$req", "$session", "$conv", "$model", "$provider", "$in", "$out", "$cost", "$role", "$task", "$upstream", "$resource", "$cacheCreation", "$cacheRead", "$upstreamReq");
    }

    public long LogRows { get; private set; }

    public long UsageRows { get; private set; }

    public void Begin()
    {
        _logsTransaction = _logs.BeginTransaction();
        _mainTransaction = _main.BeginTransaction();
        _insertLog.Transaction = _logsTransaction;
        _insertUsage.Transaction = _mainTransaction;
    }

    public void Commit()
    {
        _logsTransaction?.Commit();
        _mainTransaction?.Commit();
        _logsTransaction?.Dispose();
        _mainTransaction?.Dispose();
        _logsTransaction = null;
        _mainTransaction = null;
        _insertLog.Transaction = null;
        _insertUsage.Transaction = null;
    }

    public void Add(LogRow row)
    {
        Bind(_insertLog, row.Timestamp, row.Level, row.Msg, row.RequestId, row.SessionId, row.ConversationId, row.Subsystem, row.Tool, row.Model,
            row.LoopId, row.LoopName, row.SourceFile, row.SourceLine, row.Attrs);
        _insertLog.ExecuteNonQuery();
        LogRows++;
    }

    public void Add(UsageRow row)
    {
        Bind(_insertUsage, row.Id, row.Timestamp, row.RequestId, row.SessionId, row.ConversationId, row.Model, row.Provider, row.InputTokens,
            row.OutputTokens, row.CostUsd, row.Role, row.TaskName, row.UpstreamModel, row.Resource, row.CacheCreationTokens, row.CacheReadTokens,
            row.UpstreamRequestId);
        _insertUsage.ExecuteNonQuery();
        UsageRows++;
    }

    /// <summary>The agent's daily prune: DEBUG and TRACE rows older than the retention.</summary>
    public int Prune(DateTimeOffset cutoff)
    {
        using var command = _logs.CreateCommand();
        command.CommandText = "DELETE FROM log_entries WHERE timestamp < $cutoff AND level IN ('TRACE', 'DEBUG')";
        command.Parameters.AddWithValue("$cutoff", AgentStream.Nano(cutoff, 0));
        return command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Commit();
        _insertLog.Dispose();
        _insertUsage.Dispose();
        _logs.Dispose();
        _main.Dispose();
    }

    public static SqliteConnection Open(string path, bool bulk)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, bulk
            ? "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;"
            : AgentSchema.Pragmas + " PRAGMA synchronous=NORMAL;"); // the agent's FULL would only slow the writer, which is not measured
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
