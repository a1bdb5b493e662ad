using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Options;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests;

/// <summary>
/// An agent on another machine, read over its HTTP API only, on a real broker: the options the Supervisor writes for a
/// user who set nothing but <c>agent_url</c>, the agent's own SQL and window rules over a real <c>usage_records</c>
/// file behind a loopback port (<see cref="AgentUsageStub"/>), one clock for both that the test moves.
/// </summary>
public sealed class AgentOverApiTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    // 10:59:50 in Berlin on the 2nd of December: the next local top of the hour is 11:00.
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 59, 50, TimeSpan.Zero);
    private static readonly DateTimeOffset Top = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The sensors only the agent's files give (thane-data-sources §9: no endpoint has them).</summary>
    private static readonly string[] FileOnly =
    [
        "active_sessions", "requests_24h", "errors_24h", "request_latency_p50", "request_latency_p95",
        "attachments_total", "attachments_total_bytes", "attachments_unique_files",
        "db_main_size", "db_logs_size", "db_attachments_size", "db_usage_size",
        "source_main_problem", "source_logs_problem", "source_attachments_problem", "source_legacy_usage_problem",
    ];

    [Fact]
    public async Task Start_OnlyAgentUrlSet_PublishesEveryApiFigureExactAndNoFileOnlySensor()
    {
        // Given forty days of the agent's usage, its device on the broker from its built-in MQTT, and its API on a port
        using var agent = AgentDirectory.CreateCurrent();
        var seed = 0;
        for (var at = Start.AddDays(-40); at < Start; at = at.AddMinutes(53))
        {
            AgentUsageRows.Add(agent, at, seed++);
        }

        var clock = new FakeTimeProvider(Start);
        clock.SetLocalTimeZone(Berlin);
        await using var api = await AgentUsageStub.StartAsync(agent.MainDb, clock);
        api.LoopsJson = AgentApi.Loops(("1", "core", null, "sleeping", 4));
        var device = "it" + Guid.NewGuid().ToString("N")[..10];
        var agentId = "01970000-aaaa-7bbb-8ccc-0000000000a1";
        await RetainAsync(AgentDiscovery.Topic(device), AgentDiscovery.Payload(agentId, device, withTelemetry: false));
        var options = SupervisorOptions(api.BaseUrl);
        using var logs = new CapturedLogs();
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        try
        {
            // When the add-on starts
            await using var addon = await AddonHost.StartAsync(options, broker, AddonEndToEndTests.StateDirectory(), clock, logs: logs, deviceName: device);
            await probe.SubscribeAsync(addon.Topics.Discovery);
            await probe.SubscribeAsync($"{addon.Topics.Base}/#");

            // Then it says which way it reads the agent, and why
            await logs.WaitForAsync(50, Bound, $"Reading the agent over its API at {api.BaseUrl} (thane_dir not set)");
            Assert.Single(logs.Lines, l => l.EventId == 50 && l.Level == LogLevel.Information);

            // And Home Assistant gets a valid payload under the agent's instance id, without a sensor only the files give
            var discovery = await probe.WaitForAsync(m => m.Topic == addon.Topics.Discovery, Bound);
            Assert.Empty(HomeAssistantRules.Check(discovery.Topic, discovery.Payload));
            var components = AddonEndToEndTests.ComponentKeys(discovery.Payload);
            Assert.All(FileOnly, key => Assert.DoesNotContain(key, components));
            Assert.Superset(new HashSet<string>(["tokens_24h_input", "tokens_24h_cost", "cost_total", "tokens_total_cache_write", "cost_today", "cost_this_month",
                "tokens_24h_cache_read", "cache_hit_rate_24h", "loops_total", "context_utilization", "loop_core_state", "agent_version", "agent_health",
                "source_usage_problem", "source_loops_problem", "source_agent_problem"]), components);
            Assert.Equal($"{agentId}_cost_total", UniqueId(discovery.Payload, "cost_total"));

            // And the first cycle gives the 24-hour window and the lifetime, exact; today and this month are unknown
            await probe.WaitForAsync(AddonEndToEndTests.State(addon, "tokens_24h_input", Sum(agent, "input_tokens", Start.AddHours(-24), Start)), Bound);
            await probe.WaitForAsync(AddonEndToEndTests.State(addon, "cost_total", Money(agent, DateTimeOffset.MinValue, Start)), Bound);
            await probe.WaitForAsync(AddonEndToEndTests.State(addon, "cost_today", """{"value":null,"last_reset":"2026-12-02T00:00:00+01:00"}"""), Bound);
            await probe.WaitForAsync(AddonEndToEndTests.State(addon, "loops_total", "1"), Bound);
            await probe.WaitForAsync(AddonEndToEndTests.State(addon, "agent_version", "0.9.2"), Bound);
            await probe.WaitForAsync(m => m.Topic == addon.Topics.SourceAvailability(Telemetry.Sources.Usage.UsageSource.Key) && m.Payload == "online", Bound);

            // When the clock reaches the local top of the hour, where the add-on asks for a cycle of its own (aimed half a
            // second into the agent's second; with no delay on this clock it puts the agent half a second ahead)
            clock.SetUtcNow(Top);

            // Then every total is exact as of that second: the lifetime with its breakdown, today and this month in Berlin
            var today = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.FromHours(1));
            var month = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1));
            await probe.WaitForAsync(AddonEndToEndTests.State(addon, "cost_today", $$"""{"value":{{Money(agent, today, Top)}},"last_reset":"2026-12-02T00:00:00+01:00"}"""), Bound);
            await probe.WaitForAsync(AddonEndToEndTests.State(addon, "cost_this_month", $$"""{"value":{{Money(agent, month, Top)}},"last_reset":"2026-12-01T00:00:00+01:00"}"""), Bound);
            await probe.WaitForAsync(AddonEndToEndTests.State(addon, "tokens_today_output", $$"""{"value":{{Sum(agent, "output_tokens", today, Top)}},"last_reset":"2026-12-02T00:00:00+01:00"}"""), Bound);
            await probe.WaitForAsync(AddonEndToEndTests.State(addon, "tokens_total_cache_write", Sum(agent, "cache_creation_input_tokens", DateTimeOffset.MinValue, Top)), Bound);
            await probe.WaitForAsync(AddonEndToEndTests.State(addon, "tokens_24h_cache_read", Sum(agent, "cache_read_input_tokens", Top.AddHours(-24), Top)), Bound);
            await probe.WaitForAsync(AddonEndToEndTests.State(addon, "tokens_24h_cost", Fixed4(agent, Top.AddHours(-24), Top)), Bound);
            var byRole = await probe.WaitForAsync(m => m.Topic == addon.Topics.Attributes("tokens_total_input"), Bound);
            using var breakdown = JsonDocument.Parse(byRole.Payload);
            Assert.Equal(long.Parse(Sum(agent, "input_tokens", DateTimeOffset.MinValue, Top, "role = 'scheduler'"), CultureInfo.InvariantCulture),
                breakdown.RootElement.GetProperty("by_role").GetProperty("scheduler").GetInt64());
        }
        finally
        {
            await RetainAsync(AgentDiscovery.Topic(device), "");
        }
    }

    /// <summary>What the Supervisor writes for a user who set only <c>agent_url</c>: every default of config.yaml, and that.</summary>
    private static TelemetryOptions SupervisorOptions(Uri agentUrl)
    {
        var values = ManifestDefaults.Options.ToDictionary(
            o => o.Key,
            o => int.TryParse(o.Value, out var number) ? number : bool.TryParse(o.Value, out var flag) ? flag : (object)o.Value,
            StringComparer.Ordinal);
        values["agent_url"] = agentUrl.ToString();
        return OptionsParser.Parse(JsonSerializer.Serialize(values));
    }

    private static string? UniqueId(string discovery, string key)
    {
        using var document = JsonDocument.Parse(discovery);
        return document.RootElement.GetProperty("components").GetProperty(key).GetProperty("unique_id").GetString();
    }

    /// <summary>A fresh sum over the rows stamped in <c>[from, to]</c>, both seconds included, as the agent's text comparison has it.</summary>
    private static string Sum(AgentDirectory agent, string column, DateTimeOffset from, DateTimeOffset to, string where = "1 = 1") =>
        Convert.ToInt64(Scalar(agent, $"SELECT COALESCE(SUM({column}), 0) FROM usage_records WHERE timestamp >= $from AND timestamp <= $to AND {where}", from, to), CultureInfo.InvariantCulture)
            .ToString(CultureInfo.InvariantCulture);

    /// <summary>Dollars to the micro-dollar from the rows' costs in whole nano-dollars, as the add-on publishes money.</summary>
    private static string Money(AgentDirectory agent, DateTimeOffset from, DateTimeOffset to)
    {
        var nanos = Convert.ToInt64(Scalar(agent, "SELECT COALESCE(SUM(CAST(ROUND(cost_usd * 1e9) AS INTEGER)), 0) FROM usage_records WHERE timestamp >= $from AND timestamp <= $to", from, to), CultureInfo.InvariantCulture);
        return (nanos / 1_000_000_000m).ToString("F6", CultureInfo.InvariantCulture);
    }

    private static string Fixed4(AgentDirectory agent, DateTimeOffset from, DateTimeOffset to) =>
        Convert.ToDouble(Scalar(agent, "SELECT COALESCE(SUM(cost_usd), 0) FROM usage_records WHERE timestamp >= $from AND timestamp <= $to", from, to), CultureInfo.InvariantCulture)
            .ToString("F4", CultureInfo.InvariantCulture);

    private static object Scalar(AgentDirectory agent, string sql, DateTimeOffset from, DateTimeOffset to)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = agent.MainDb, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$from", from == DateTimeOffset.MinValue ? "" : Telemetry.AgentSimulator.AgentTime.Rfc3339(from));
        command.Parameters.AddWithValue("$to", Telemetry.AgentSimulator.AgentTime.Rfc3339(to));
        return command.ExecuteScalar()!;
    }

    private async Task RetainAsync(string topic, string payload)
    {
        await using var publisher = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await publisher.PublishAsync(topic, payload, retain: true);
    }
}
