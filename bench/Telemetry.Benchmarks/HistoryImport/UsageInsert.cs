using System.Globalization;
using Microsoft.Data.Sqlite;
using Telemetry.AgentSimulator;
using Telemetry.Benchmarks.Generation;

namespace Telemetry.Benchmarks.HistoryImport;

/// <summary>One prepared <c>INSERT</c> into <c>usage_records</c>, bound again for each row: the fast way to write two million rows.</summary>
internal sealed class UsageInsert : IDisposable
{
    private static readonly string[] Names =
    [
        "$id", "$ts", "$req", "$session", "$conv", "$model", "$provider", "$in", "$out", "$cost", "$role", "$task",
        "$upstream", "$resource", "$cacheCreation", "$cacheRead", "$upstreamReq",
    ];

    private static readonly string[] Loops = ["core", "home-assistant", "telemetry", "email_poll", "watchlist", "scheduler", "calendar"];

    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    private UsageInsert(SqliteCommand command)
    {
        _command = command;
        _parameters = [.. Names.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name }))];
    }

    public static UsageInsert Prepare(SqliteConnection connection, SqliteTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO usage_records (id, timestamp, request_id, session_id, conversation_id, model, provider, input_tokens, output_tokens, cost_usd, role, task_name,
              upstream_model, resource, cache_creation_input_tokens, cache_read_input_tokens, upstream_request_id)
            VALUES ($id, $ts, $req, $session, $conv, $model, $provider, $in, $out, $cost, $role, $task, $upstream, $resource, $cacheCreation, $cacheRead, $upstreamReq)
            """;
        var insert = new UsageInsert(command);
        command.Prepare();
        return insert;
    }

    /// <summary>One call at <paramref name="at"/>: tokens and cache use drawn as <see cref="AgentStream"/> draws them, the cost at the model's prices.</summary>
    public void Add(AgentStream ids, Random random, DateTimeOffset at, UsageModel model)
    {
        var input = (long)Math.Clamp(LogNormal(random, 6_000, 1.0), 50, 180_000);
        var output = (long)Math.Clamp(LogNormal(random, 350, 0.9), 1, 16_000);
        var anthropic = model.Provider == "anthropic";
        var cacheRead = anthropic && random.NextDouble() < 0.6 ? (long)(input * 3 * random.NextDouble()) : 0;
        var cacheWrite = anthropic && random.NextDouble() < 0.2 ? (long)(input * random.NextDouble()) : 0;
        var cost = ((input + (cacheRead * 0.1) + (cacheWrite * 1.25)) * model.InPerMillion / 1e6) + (output * model.OutPerMillion / 1e6);
        var interactive = random.NextDouble() < 0.7;
        var requestId = ids.Uuid7(at);
        object?[] values =
        [
            ids.Uuid7(at), AgentTime.Rfc3339(at), requestId, interactive ? ids.Uuid7(at.AddMinutes(-random.Next(0, 120))) : null,
            interactive ? "conv-" + random.Next(0, 5_000).ToString("D5", CultureInfo.InvariantCulture) : null,
            model.Model, model.Provider, input, output, cost, interactive ? "interactive" : random.NextDouble() < 0.5 ? "scheduled" : "auxiliary",
            interactive ? null : "loop:" + Loops[random.Next(Loops.Length)], model.Model[(model.Model.IndexOf('/', StringComparison.Ordinal) + 1)..],
            model.Provider + "-main", cacheWrite, cacheRead, model.Provider == "anthropic" ? "msg_" + requestId[^24..].Replace("-", "", StringComparison.Ordinal) : "",
        ];
        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }

        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    private static double LogNormal(Random random, double median, double sigma)
    {
        // Box-Muller.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return median * Math.Exp(sigma * normal);
    }
}
