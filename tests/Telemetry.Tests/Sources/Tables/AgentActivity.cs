using System.Globalization;
using Telemetry.AgentSimulator;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Tables;

/// <summary>A deterministic agent writing into an <see cref="AgentDirectory"/> the way the real one does, and then some.</summary>
/// <remarks>
/// Requests of one to eight rows over up to twenty seconds; rows reaching the table a few seconds out of time order
/// (the indexer's channel), some half a minute late, some already behind the window's edge when written; errors,
/// <c>ERROR+4</c>, DEBUG and TRACE; NULL and empty request ids; whole-second timestamps (no fraction) next to
/// fractional ones; a few timestamps in forms the agent does not write (offsets, a space for <c>T</c>, no zone);
/// usage rows over four models, some stamped minutes in the future, some late.
/// </remarks>
internal sealed class AgentActivity(AgentDirectory agent, int seed)
{
    private static readonly string[] Models = ["claude-sonnet", "claude-haiku", "qwen3:32b", "gemma-3"];
    private static readonly string[] Providers = ["anthropic", "anthropic", "ollama", "lmstudio"];
    private static readonly double[] Prices = [0.000015, 0.000004, 0, 0.0000007];

    /// <summary>The agent's documented roles, the <c>scheduler</c> it also writes, and one a loop definition made up (thane-data-sources §8).</summary>
    private static readonly string[] Roles = ["interactive", "delegate", "scheduled", "auxiliary", "scheduler", "nightly-digest"];

    private readonly Random _random = new(seed);
    private int _requests;

    /// <summary>Writes what the agent logs and records between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public void Write(DateTimeOffset from, DateTimeOffset to, double requestsPerMinute = 0.7)
    {
        var logs = new List<(double Order, string Timestamp, string Level, string? RequestId)>();
        var usage = new List<(double Order, string Timestamp, string Model, string Provider, string Role, long Input, long Output, long CacheRead, long CacheWrite, double Cost)>();
        var minutes = (to - from).TotalMinutes;

        var count = Poisson(requestsPerMinute * minutes);
        for (var r = 0; r < count; r++)
        {
            var start = from + ((to - from) * _random.NextDouble());
            var requestId = "req-" + (++_requests).ToString(CultureInfo.InvariantCulture);
            var rows = 1 + _random.Next(8);
            var span = TimeSpan.FromSeconds(_random.NextDouble() * (_random.NextDouble() < 0.1 ? 120 : 20));
            for (var i = 0; i < rows; i++)
            {
                var at = i == 0 ? start : start + (span * _random.NextDouble());
                logs.Add((Delay(at), Text(at), RequestLevel(), requestId));
            }

            var model = _random.Next(Models.Length);
            for (var i = 0; i < 1 + _random.Next(3); i++)
            {
                var at = start + (span * _random.NextDouble());
                var stamped = _random.NextDouble() switch
                {
                    < 0.03 => at + TimeSpan.FromMinutes(1 + _random.Next(10)), // clock skew: in the future
                    < 0.06 => at - TimeSpan.FromMinutes(1 + _random.Next(5)), // recorded late
                    _ => at,
                };
                var input = 100 + _random.Next(20_000);
                var output = 1 + _random.Next(2_000);
                var cacheRead = _random.NextDouble() < 0.6 ? _random.Next(50_000) : 0;
                var cacheWrite = _random.NextDouble() < 0.3 ? _random.Next(10_000) : 0;
                var cost = (input + (5 * output) + (0.1 * cacheRead) + (1.25 * cacheWrite)) * Prices[model];
                usage.Add((Delay(at), AgentTime.Rfc3339(stamped), Models[model], Providers[model], Roles[_random.Next(Roles.Length)], input, output, cacheRead, cacheWrite, cost));
            }
        }

        for (var at = from + TimeSpan.FromSeconds(_random.Next(60)); at < to; at += TimeSpan.FromSeconds(20 + _random.Next(80)))
        {
            logs.Add((Delay(at), Text(at), BackgroundLevel(), _random.NextDouble() < 0.05 ? "" : null));
        }

        // A row written now whose time is at the window's edge: the full read and the incremental one must agree on it.
        if (_random.NextDouble() < 0.2)
        {
            var edge = to - TimeSpan.FromHours(24) + TimeSpan.FromSeconds(_random.Next(-3, 3)) + TimeSpan.FromMilliseconds(_random.Next(1000));
            logs.Add((Delay(to), Text(edge), _random.NextDouble() < 0.5 ? "ERROR" : "INFO", "req-edge-" + _random.Next(3)));
        }

        Insert(logs.OrderBy(r => r.Order).ToList(), usage.OrderBy(u => u.Order).ToList());
    }

    /// <summary>The agent's daily prune: DEBUG and TRACE rows older than the retention.</summary>
    public int Prune(DateTimeOffset now, TimeSpan retention)
    {
        using var command = agent.Writer(agent.LogsDb).CreateCommand();
        command.CommandText = "DELETE FROM log_entries WHERE timestamp < $cutoff AND level IN ('TRACE', 'DEBUG')";
        command.Parameters.AddWithValue("$cutoff", AgentTime.Rfc3339Nano(now - retention));
        return command.ExecuteNonQuery();
    }

    /// <summary>Something other than the agent deletes a few rows of any level inside the window.</summary>
    public int DeleteSomeRecentRows(DateTimeOffset now, int rows)
    {
        using var command = agent.Writer(agent.LogsDb).CreateCommand();
        command.CommandText = """
            DELETE FROM log_entries WHERE id IN (
              SELECT id FROM log_entries WHERE timestamp >= $since ORDER BY (id * $salt) % 9973 LIMIT $rows)
            """;
        command.Parameters.AddWithValue("$since", AgentTime.Rfc3339(now - TimeSpan.FromHours(23)));
        command.Parameters.AddWithValue("$salt", 1 + _random.Next(1000));
        command.Parameters.AddWithValue("$rows", rows);
        return command.ExecuteNonQuery();
    }

    private void Insert(
        List<(double Order, string Timestamp, string Level, string? RequestId)> logs,
        List<(double Order, string Timestamp, string Model, string Provider, string Role, long Input, long Output, long CacheRead, long CacheWrite, double Cost)> usage)
    {
        var logsDb = agent.Writer(agent.LogsDb);
        using (var transaction = logsDb.BeginTransaction())
        {
            foreach (var row in logs)
            {
                AgentSql.Execute(logsDb, transaction, "INSERT INTO log_entries (timestamp, level, msg, request_id) VALUES ($ts, $level, 'm', $req)",
                    ("$ts", row.Timestamp), ("$level", row.Level), ("$req", row.RequestId));
            }

            transaction.Commit();
        }

        var mainDb = agent.Writer(agent.MainDb);
        using (var transaction = mainDb.BeginTransaction())
        {
            foreach (var row in usage)
            {
                AgentSql.Execute(mainDb, transaction, """
                    INSERT INTO usage_records (id, timestamp, request_id, model, provider, input_tokens, output_tokens, cost_usd, role,
                      cache_read_input_tokens, cache_creation_input_tokens)
                    VALUES ($id, $ts, 'req', $model, $provider, $in, $out, $cost, $role, $cacheRead, $cacheWrite)
                    """,
                    ("$id", Guid.NewGuid().ToString()), ("$ts", row.Timestamp), ("$model", row.Model), ("$provider", row.Provider), ("$role", row.Role),
                    ("$in", row.Input), ("$out", row.Output), ("$cost", row.Cost), ("$cacheRead", row.CacheRead), ("$cacheWrite", row.CacheWrite));
            }

            transaction.Commit();
        }
    }

    /// <summary>When the row reaches the table: mostly within three seconds, sometimes half a minute late.</summary>
    private double Delay(DateTimeOffset at) =>
        at.UtcTicks + (TimeSpan.TicksPerSecond * (_random.NextDouble() < 0.02 ? 30 * _random.NextDouble() : 3 * _random.NextDouble()));

    private string Text(DateTimeOffset at) => _random.NextDouble() switch
    {
        < 0.15 => AgentTime.Rfc3339Nano(new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero)), // a whole second
        < 0.16 => at.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+02:00'", CultureInfo.InvariantCulture),
        < 0.17 => at.ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-dd'T'HH:mm:ss.ff'-05:00'", CultureInfo.InvariantCulture),
        < 0.18 => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        < 0.19 => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        _ => AgentTime.Rfc3339Nano(at),
    };

    private string RequestLevel() => _random.NextDouble() switch
    {
        < 0.05 => "DEBUG",
        < 0.10 => "ERROR",
        < 0.12 => "ERROR+4",
        < 0.20 => "WARN",
        _ => "INFO",
    };

    private string BackgroundLevel() => _random.NextDouble() switch
    {
        < 0.15 => "DEBUG",
        < 0.20 => "TRACE",
        < 0.25 => "ERROR",
        _ => "INFO",
    };

    private int Poisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var count = 0;
        for (var p = _random.NextDouble(); p > limit; p *= _random.NextDouble())
        {
            count++;
        }

        return count;
    }
}
