namespace Telemetry.AgentSimulator;

/// <summary>The agent's table schemas with every migration applied, as its Go code creates them (thane-data-sources §2).</summary>
/// <remarks>The demo builds its sample agent from these, and the tests build their databases from them.</remarks>
internal static class AgentSchema
{
    public const string UsageRecords = """
        CREATE TABLE IF NOT EXISTS usage_records (
          id TEXT PRIMARY KEY, timestamp TEXT NOT NULL, request_id TEXT NOT NULL, session_id TEXT, conversation_id TEXT,
          model TEXT NOT NULL, provider TEXT NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
          cost_usd REAL NOT NULL, role TEXT NOT NULL, task_name TEXT,
          upstream_model TEXT NOT NULL DEFAULT '', resource TEXT NOT NULL DEFAULT '',
          cache_creation_input_tokens INTEGER NOT NULL DEFAULT 0, cache_read_input_tokens INTEGER NOT NULL DEFAULT 0,
          cache_creation_5m_input_tokens INTEGER NOT NULL DEFAULT 0, cache_creation_1h_input_tokens INTEGER NOT NULL DEFAULT 0,
          upstream_request_id TEXT NOT NULL DEFAULT '');
        CREATE INDEX IF NOT EXISTS idx_usage_timestamp ON usage_records(timestamp);
        CREATE INDEX IF NOT EXISTS idx_usage_session ON usage_records(session_id);
        CREATE INDEX IF NOT EXISTS idx_usage_conversation ON usage_records(conversation_id);
        """;

    public const string Sessions = """
        CREATE TABLE IF NOT EXISTS sessions (
          id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, started_at TIMESTAMP NOT NULL, ended_at TIMESTAMP,
          end_reason TEXT, message_count INTEGER DEFAULT 0, summary TEXT, title TEXT, tags TEXT, metadata TEXT,
          parent_session_id TEXT, parent_tool_call_id TEXT);
        CREATE INDEX IF NOT EXISTS idx_sessions_conversation ON sessions(conversation_id, started_at DESC);
        CREATE INDEX IF NOT EXISTS idx_sessions_started ON sessions(started_at DESC);
        CREATE INDEX IF NOT EXISTS idx_sessions_parent ON sessions(parent_session_id, started_at);
        """;

    public const string LogEntries = """
        CREATE TABLE IF NOT EXISTS log_entries (
          id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TEXT NOT NULL, level TEXT NOT NULL, msg TEXT NOT NULL,
          request_id TEXT, session_id TEXT, conversation_id TEXT, subsystem TEXT, tool TEXT, model TEXT,
          loop_id TEXT, loop_name TEXT, source_file TEXT, source_line INTEGER, attrs TEXT, raw_file TEXT, raw_line INTEGER);
        CREATE INDEX IF NOT EXISTS idx_log_timestamp ON log_entries(timestamp);
        CREATE INDEX IF NOT EXISTS idx_log_level ON log_entries(level);
        CREATE INDEX IF NOT EXISTS idx_log_request ON log_entries(request_id);
        CREATE INDEX IF NOT EXISTS idx_log_session ON log_entries(session_id);
        CREATE INDEX IF NOT EXISTS idx_log_conversation ON log_entries(conversation_id);
        CREATE INDEX IF NOT EXISTS idx_log_subsystem ON log_entries(subsystem);
        CREATE INDEX IF NOT EXISTS idx_log_tool ON log_entries(tool);
        CREATE INDEX IF NOT EXISTS idx_log_model ON log_entries(model);
        CREATE INDEX IF NOT EXISTS idx_log_loop_id ON log_entries(loop_id);
        CREATE INDEX IF NOT EXISTS idx_log_loop_name ON log_entries(loop_name);
        CREATE TABLE IF NOT EXISTS log_prompts (hash TEXT PRIMARY KEY, content TEXT NOT NULL, first_seen TEXT NOT NULL);
        """;

    public const string Attachments = """
        CREATE TABLE IF NOT EXISTS attachments (
          id TEXT PRIMARY KEY, hash TEXT NOT NULL, store_path TEXT NOT NULL, original_name TEXT NOT NULL DEFAULT '',
          content_type TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT 0, width INTEGER NOT NULL DEFAULT 0,
          height INTEGER NOT NULL DEFAULT 0, channel TEXT NOT NULL DEFAULT '', sender TEXT NOT NULL DEFAULT '',
          conversation_id TEXT NOT NULL DEFAULT '', received_at TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '', analyzed_at TEXT NOT NULL DEFAULT '', analysis_model TEXT NOT NULL DEFAULT '');
        CREATE INDEX IF NOT EXISTS idx_attachments_hash ON attachments(hash);
        CREATE INDEX IF NOT EXISTS idx_attachments_conversation ON attachments(conversation_id);
        CREATE INDEX IF NOT EXISTS idx_attachments_channel_sender ON attachments(channel, sender);
        CREATE INDEX IF NOT EXISTS idx_attachments_received_at ON attachments(received_at);
        """;

    /// <summary>The agent opens every database with this (WAL, 5 s busy timeout).</summary>
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;";
}
