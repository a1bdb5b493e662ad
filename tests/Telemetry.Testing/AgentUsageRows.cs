using Telemetry.AgentSimulator;

namespace Telemetry.Testing;

/// <summary>Usage rows as the agent writes them (<c>Store.Record</c>, internal/platform/usage/store.go @3229ecc7): RFC 3339 seconds in UTC, a UUID id, models, providers and roles of a real agent.</summary>
internal static class AgentUsageRows
{
    private static readonly string[] Models = ["claude-sonnet-4", "claude-haiku-4", "qwen3:32b", "gpt-5-mini"];
    private static readonly string[] Providers = ["anthropic", "anthropic", "ollama", "openai"];
    private static readonly string[] Roles = ["interactive", "scheduled", "auxiliary", "scheduler", "delegate"];

    /// <summary>Adds one row; <paramref name="seed"/> picks its model, provider, role and figures.</summary>
    public static void Add(AgentDirectory agent, DateTimeOffset at, int seed)
    {
        var model = seed % Models.Length;
        var connection = agent.Writer(agent.MainDb, AgentSchema.UsageRecords);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO usage_records (id, timestamp, request_id, model, provider, input_tokens, output_tokens, cost_usd, role,
              cache_read_input_tokens, cache_creation_input_tokens)
            VALUES ($id, $ts, $req, $model, $provider, $in, $out, $cost, $role, $read, $write)
            """;
        command.Parameters.AddWithValue("$id", Guid.CreateVersion7(at).ToString());
        command.Parameters.AddWithValue("$ts", AgentTime.Rfc3339(at));
        command.Parameters.AddWithValue("$req", $"req-{seed}");
        command.Parameters.AddWithValue("$model", Models[model]);
        command.Parameters.AddWithValue("$provider", Providers[model]);
        command.Parameters.AddWithValue("$in", 100 + (seed * 37 % 5000));
        command.Parameters.AddWithValue("$out", 20 + (seed * 11 % 900));
        // Costs with few decimals, as priced per token: their float sums round to the same nano-dollars as the rows'.
        command.Parameters.AddWithValue("$cost", model == 2 ? 0.0 : (seed * 13 % 997) * 0.000125);
        command.Parameters.AddWithValue("$role", Roles[seed % Roles.Length]);
        command.Parameters.AddWithValue("$read", seed * 7 % 3000);
        command.Parameters.AddWithValue("$write", seed % 4 == 0 ? seed * 3 % 800 : 0);
        command.ExecuteNonQuery();
    }
}
