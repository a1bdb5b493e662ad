using Microsoft.Data.Sqlite;

namespace Telemetry.AgentSimulator;

/// <summary>A sample agent in a temp folder: 24 hours of history and a writer that keeps adding activity, as <c>--demo</c> shows it.</summary>
/// <remarks>The writer holds its connections open in WAL mode, as the agent does, so the add-on reads live WAL files.</remarks>
internal sealed class SimulatedAgent : IAsyncDisposable
{
    private static readonly (string Model, string Provider, double InputPerMillion, double OutputPerMillion)[] Models =
    [
        ("anthropic/claude-sonnet-4-5", "anthropic", 3.0, 15.0),
        ("anthropic/claude-haiku-4-5", "anthropic", 1.0, 5.0),
        ("ollama/qwen3:32b", "ollama", 0, 0),
    ];

    /// <summary>The agent's roles as it writes them: its documented four, and <c>scheduler</c> (thane-data-sources §8).</summary>
    private static readonly string[] Roles = ["interactive", "interactive", "interactive", "delegate", "scheduled", "scheduler", "auxiliary"];

    private readonly TimeProvider _time;
    private readonly Random _random = new(537);
    private readonly SqliteConnection _main;
    private readonly SqliteConnection _logs;
    private readonly SqliteConnection _attachments;
    private int _requests;

    private SimulatedAgent(AgentLayout layout, TimeProvider time)
    {
        Layout = layout;
        _time = time;
        _main = AgentSql.OpenWriter(layout.MainDb, AgentSchema.Sessions + AgentSchema.UsageRecords);
        _logs = AgentSql.OpenWriter(layout.LogsDb, AgentSchema.LogEntries);
        _attachments = AgentSql.OpenWriter(layout.AttachmentsDb, AgentSchema.Attachments);
    }

    /// <summary>The agent's working directory (<c>thane_dir</c>) and its files.</summary>
    public AgentLayout Layout { get; }

    public static SimulatedAgent Create(TimeProvider time)
    {
        var layout = AgentLayout.CreateTemp("thane-demo");
        File.WriteAllText(layout.InstanceIdFile, Guid.CreateVersion7(time.GetUtcNow()) + "\n");
        var agent = new SimulatedAgent(layout, time);
        agent.Seed();
        return agent;
    }

    /// <summary>Adds activity until cancelled: a request every few seconds, now and then a session or an attachment.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(3), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = _time.GetUtcNow();
                AddRequest(now - TimeSpan.FromSeconds(_random.Next(1, 3)));
                if (_random.Next(10) == 0)
                {
                    EndOneSession(now);
                    AddSession(now, active: true);
                }

                if (_random.Next(6) == 0)
                {
                    AddAttachment(now);
                }

            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _main.DisposeAsync();
        await _logs.DisposeAsync();
        await _attachments.DisposeAsync();
        try
        {
            Directory.Delete(Layout.Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private void Seed()
    {
        var now = _time.GetUtcNow();
        using (var transaction = _logs.BeginTransaction())
        using (var usage = _main.BeginTransaction())
        {
            // About forty requests an hour over the last day, and a few from before the window.
            for (var minutes = 26 * 60; minutes > 0; minutes -= _random.Next(1, 3))
            {
                AddRequest(now - TimeSpan.FromMinutes(minutes) - TimeSpan.FromMilliseconds(_random.Next(60_000)));
            }

            usage.Commit();
            transaction.Commit();
        }

        for (var i = 0; i < 30; i++)
        {
            AddSession(now - TimeSpan.FromHours(_random.Next(1, 72)), active: i < 3);
        }

        for (var i = 0; i < 25; i++)
        {
            AddAttachment(now - TimeSpan.FromDays(_random.Next(0, 20)));
        }

        // The agent's writes reach the main files at SQLite's auto-checkpoint; do it now so sizes are realistic.
        foreach (var connection in new[] { _main, _logs, _attachments })
        {
            AgentSql.Execute(connection, "PRAGMA wal_checkpoint(PASSIVE)");
        }
    }

    private void AddRequest(DateTimeOffset start)
    {
        var requestId = $"req-{++_requests:D6}";
        var (model, provider, inPrice, outPrice) = Models[_random.Next(Models.Length)];
        var rows = _random.Next(2, 6);
        var at = start;
        for (var row = 0; row < rows; row++)
        {
            var level = row == rows - 1 && _random.Next(25) == 0 ? "ERROR" : "INFO";
            AgentSql.Execute(_logs, "INSERT INTO log_entries (timestamp, level, msg, request_id, model, subsystem) VALUES ($ts, $level, $msg, $req, $model, 'agent')",
                ("$ts", AgentTime.Rfc3339Nano(at)), ("$level", level), ("$msg", row == 0 ? "request started" : "step"), ("$req", requestId), ("$model", model));
            at += TimeSpan.FromMilliseconds(_random.Next(150, 2500));
        }

        // Input excludes the prompt cache: a cached prefix is read (10 % of the input price) or written (125 %).
        var input = _random.Next(2_000, 40_000);
        var output = _random.Next(100, 2_000);
        var cacheRead = provider == "anthropic" && _random.Next(3) > 0 ? _random.Next(10_000, 120_000) : 0;
        var cacheWrite = provider == "anthropic" && _random.Next(4) == 0 ? _random.Next(2_000, 30_000) : 0;
        var cost = Math.Round(((input + (0.1 * cacheRead) + (1.25 * cacheWrite)) * inPrice + output * outPrice) / 1_000_000, 6);
        AgentSql.Execute(_main, """
            INSERT INTO usage_records (id, timestamp, request_id, model, provider, input_tokens, output_tokens, cost_usd, role,
              cache_read_input_tokens, cache_creation_input_tokens)
            VALUES ($id, $ts, $req, $model, $provider, $in, $out, $cost, $role, $cacheRead, $cacheWrite)
            """,
            ("$id", Guid.CreateVersion7(start).ToString()), ("$ts", AgentTime.Rfc3339(at)), ("$req", requestId), ("$model", model),
            ("$provider", provider), ("$in", input), ("$out", output), ("$cost", cost), ("$role", Roles[_random.Next(Roles.Length)]),
            ("$cacheRead", cacheRead), ("$cacheWrite", cacheWrite));
    }

    private void AddSession(DateTimeOffset startedAt, bool active)
    {
        AgentSql.Execute(_main, "INSERT INTO sessions (id, conversation_id, started_at, ended_at, end_reason) VALUES ($id, $conv, $start, $end, $reason)",
            ("$id", Guid.CreateVersion7(startedAt).ToString()), ("$conv", $"conv-{_random.Next(1000)}"), ("$start", AgentTime.Rfc3339Nano(startedAt)),
            ("$end", active ? null : AgentTime.Rfc3339Nano(startedAt + TimeSpan.FromMinutes(_random.Next(1, 90)))), ("$reason", active ? null : "idle"));
    }

    private void EndOneSession(DateTimeOffset now) =>
        AgentSql.Execute(_main, "UPDATE sessions SET ended_at = $end, end_reason = 'idle' WHERE id = (SELECT id FROM sessions WHERE ended_at IS NULL ORDER BY started_at LIMIT 1)",
            ("$end", AgentTime.Rfc3339Nano(now)));

    private void AddAttachment(DateTimeOffset receivedAt)
    {
        var hash = Convert.ToHexStringLower(BitConverter.GetBytes(_random.Next(18))).PadRight(64, '0');
        AgentSql.Execute(_attachments, "INSERT INTO attachments (id, hash, store_path, size, received_at) VALUES ($id, $hash, $path, $size, $at)",
            ("$id", Guid.NewGuid().ToString()), ("$hash", hash), ("$path", $"{hash[..2]}/{hash[2..4]}/{hash}.jpg"),
            ("$size", _random.Next(20_000, 3_000_000)), ("$at", AgentTime.Rfc3339Nano(receivedAt)));
    }
}
