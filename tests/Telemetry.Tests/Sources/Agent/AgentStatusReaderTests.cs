using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Options;
using Telemetry.Sources.Agent;
using Telemetry.Sources.AgentApi;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Agent;

/// <summary>The agent's status from <c>GET /v1/system</c>, or <c>GET /health</c> on agents without it (thane-data-sources §8).</summary>
public sealed class AgentStatusReaderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private HttpStub _agent = null!;

    public async Task InitializeAsync() => _agent = await HttpStub.StartAsync();

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    [Fact]
    public async Task ReadAsync_SystemEndpoint_GivesStatusVersionStartAndEveryDependency()
    {
        // Given an agent up for 5 hours with one service down
        AgentApi.Serve(_agent, AgentApi.System("degraded", 5 * 3600, ("ollama", true, null), ("homeassistant", false, "connection refused")));

        // When
        var status = await ReadOkAsync(Create(), Now);

        // Then
        Assert.Equal("degraded", status.Status);
        Assert.Equal("0.9.2", status.Version);
        Assert.Equal("3229ecc7", status.GitCommit);
        Assert.Equal(Now.AddHours(-5), status.Started);
        Assert.Equal([new AgentDependency("homeassistant", false, "2026-11-24T11:59:30Z", "connection refused"), new AgentDependency("ollama", true, "2026-11-24T11:59:30Z", null)], status.Dependencies);
    }

    [Fact]
    public async Task ReadAsync_UptimeSecondsRoundedDifferentlyNextCycle_KeepsTheSameStart()
    {
        // Given an agent whose whole-second uptime lags a cycle's clock by up to a second
        var source = Create();
        AgentApi.Serve(_agent, AgentApi.System("healthy", 3600));
        var first = await ReadOkAsync(source, Now);

        // When the next cycle comes 60.9 s later and the agent says 60 s more
        AgentApi.Serve(_agent, AgentApi.System("healthy", 3660));
        var next = await ReadOkAsync(source, Now.AddSeconds(60.9));

        // Then the start time does not move by that second
        Assert.Equal(first.Started, next.Started);
    }

    [Fact]
    public async Task ReadAsync_AgentRestarted_GivesTheNewStart()
    {
        // Given
        var source = Create();
        AgentApi.Serve(_agent, AgentApi.System("healthy", 3600));
        await ReadOkAsync(source, Now);

        // When the agent restarted a minute ago
        AgentApi.Serve(_agent, AgentApi.System("healthy", 60));
        var status = await ReadOkAsync(source, Now.AddMinutes(10));

        // Then
        Assert.Equal(Now.AddMinutes(9), status.Started);
    }

    [Fact]
    public async Task ReadAsync_AgentWithoutSystemEndpoint_FallsBackToHealth()
    {
        // Given an older agent that has /health but not /v1/system
        _agent.Handler = async context =>
        {
            context.Response.StatusCode = context.Request.Path == "/health" ? 200 : 404;
            if (context.Request.Path == "/health")
            {
                await context.Response.WriteAsync("""{"status":"healthy","dependencies":{"homeassistant":{"name":"homeassistant","ready":true}}}""");
            }
        };

        // When
        var status = await ReadOkAsync(Create(), Now);

        // Then health only: no version or start is known
        Assert.Equal("healthy", status.Status);
        Assert.Equal(["homeassistant"], status.Dependencies.Select(d => d.Name));
        Assert.Null(status.Version);
        Assert.Null(status.Started);
    }

    [Fact]
    public async Task ReadAsync_AgentWithNeitherEndpoint_IsUnavailableSayingSo()
    {
        // Given an agent that answers 404 to both
        AgentApi.Serve(_agent, system: null);

        // When
        var reading = await Create().ReadAsync(Now, CancellationToken.None);

        // Then
        Assert.Null(reading.Value);
        Assert.False(reading.IsAbsent);
        Assert.Contains("neither /v1/system nor /health", reading.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, """{"status":"healthy"}""", "HTTP 500")]
    [InlineData(200, "[]", "not the agent's system status")]
    [InlineData(200, """{"health":{}}""", "not the agent's system status")]
    [InlineData(200, "{\"status\":", "not the agent's system status")]
    public async Task ReadAsync_BadAnswer_IsUnavailableWithTheReason(int status, string body, string reason)
    {
        // Given
        _agent.RespondJson(status, body);

        // When
        var reading = await Create().ReadAsync(Now, CancellationToken.None);

        // Then
        Assert.Null(reading.Value);
        Assert.Contains(reason, reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NoAgentUrl_IsUnavailable()
    {
        var reading = await Create(agentUrl: null).ReadAsync(Now, CancellationToken.None);

        Assert.Null(reading.Value);
        Assert.Contains("agent_url", reading.Problem, StringComparison.Ordinal);
    }

    private AgentStatusReader Create() => Create(_agent.BaseUrl);

    private static AgentStatusReader Create(Uri? agentUrl) => new(new AgentApiClient(
        new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(),
        OptionsParser.Parse("{}") with { AgentUrl = agentUrl },
        TimeProvider.System));

    private static async Task<AgentStatus> ReadOkAsync(AgentStatusReader source, DateTimeOffset now)
    {
        var reading = await source.ReadAsync(now, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(reading.Value is not null, reading.Problem);
        return reading.Value!;
    }
}
