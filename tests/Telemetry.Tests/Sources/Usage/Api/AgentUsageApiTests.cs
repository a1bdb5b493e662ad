using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Telemetry.AgentSimulator;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Usage.Api;

/// <summary>
/// The stand-in for the agent's <c>GET /v1/telemetry/usage</c> keeps the agent's rules (internal/server/api/server.go
/// <c>handleUsageSummary</c>, internal/platform/usage/store.go @3229ecc7): the tests of the API reader are only as good
/// as this.
/// </summary>
public sealed class AgentUsageApiTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, 400, TimeSpan.Zero);

    private readonly AgentDirectory _agent = AgentDirectory.CreateCurrent();
    private readonly AgentUsageApi _api;

    public AgentUsageApiTests()
    {
        _agent.AddUsage("2026-12-02T10:00:00Z", "a", 1, 10, 0.5);
        _agent.AddUsage("2026-12-02T09:00:00Z", "b", 2, 20, 0.25);
        _agent.AddUsage("2026-12-02T08:59:59Z", "b", 4, 40, 0.125);
        _agent.AddUsage("2001-01-01T00:00:00Z", "a", 8, 80, 1);
        _api = new AgentUsageApi(_agent.MainDb, new FakeTimeProvider(Now));
    }

    public void Dispose() => _agent.Dispose();

    [Fact]
    public void Answer_OneHour_BothEndSecondsIncludedAndEndTruncatedToTheSecond()
    {
        using var answer = Json(_api.Answer("1", null));

        Assert.Equal("2026-12-02T10:00:00Z", answer.RootElement.GetProperty("end").GetString());
        Assert.Equal("2026-12-02T09:00:00Z", answer.RootElement.GetProperty("start").GetString());
        Assert.Equal(3, answer.RootElement.GetProperty("summary").GetProperty("total_input_tokens").GetInt64());
        Assert.False(answer.RootElement.TryGetProperty("groups", out _));
    }

    [Fact]
    public void Answer_GroupedByModel_GroupsOrderedByCostWithTheSummary()
    {
        using var answer = Json(_api.Answer("2", "model"));

        var groups = answer.RootElement.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty("key").GetString(), g.GetProperty("summary").GetProperty("total_cost_usd").GetDouble())).ToList();
        Assert.Equal([("a", 0.5), ("b", 0.375)], groups);
        Assert.Equal(7, answer.RootElement.GetProperty("summary").GetProperty("total_input_tokens").GetInt64());
    }

    [Fact]
    public void Answer_HoursAtTheLimitAndPastIt_WholeHistoryThenAnEmptyWindowAsGoWrapsTheDuration()
    {
        using var limit = Json(_api.Answer("2562047", null));
        using var past = Json(_api.Answer("2562048", null));

        Assert.Equal(15, limit.RootElement.GetProperty("summary").GetProperty("total_input_tokens").GetInt64());
        Assert.Equal(0, past.RootElement.GetProperty("summary").GetProperty("total_records").GetInt64());
        Assert.True(string.CompareOrdinal(past.RootElement.GetProperty("start").GetString(), "2026-12-02T10:00:00Z") > 0);
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("-3", null)]
    [InlineData("a day", null)]
    [InlineData("24", "colour")]
    public void Answer_BadQuery_400WithTheAgentsErrorShape(string hours, string? groupBy)
    {
        var (status, body) = _api.Answer(hours, groupBy);

        Assert.Equal(400, status);
        using var error = JsonDocument.Parse(body);
        Assert.Equal(400, error.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    private static JsonDocument Json((int Status, string Body) answer)
    {
        Assert.Equal(200, answer.Status);
        return JsonDocument.Parse(answer.Body);
    }
}
