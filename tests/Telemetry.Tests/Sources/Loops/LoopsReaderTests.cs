using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Telemetry.Options;
using Telemetry.Sources;
using Telemetry.Sources.AgentApi;
using Telemetry.Sources.Loops;
using Telemetry.Testing;

namespace Telemetry.Tests.Sources.Loops;

/// <summary>Loop figures from the agent's <c>GET /v1/loops</c> (thane-data-sources §3, §4, §6 "child loops excluded").</summary>
public sealed class LoopsReaderTests : IAsyncLifetime
{
    private const string MqttId = "0197a000-0000-7000-8000-00000000000b";

    // As the agent answers: a bare array sorted by name, parent_id absent for roots, context_window absent when 0,
    // plus fields this source must ignore (view, config with Go field names, tooling, times).
    private const string AgentLoops = $$$"""
        [
          {"id":"0197a000-0000-7000-8000-00000000000a","name":"core","state":"pending","started_at":"2026-11-02T10:00:00.123456789+01:00",
           "last_wake_at":"0001-01-01T00:00:00Z","iterations":0,"attempts":0,"total_input_tokens":0,"total_output_tokens":0,
           "consecutive_errors":0,"tooling":{},"config":{"Name":"core","SleepMin":0,"ParentID":""},
           "view":{"name":"core","child_count":6,"context_fill_pct":null}},
          {"id":"0197a000-0000-7000-8000-000000000001","name":"email_poll","state":"processing","parent_id":"0197a000-0000-7000-8000-00000000000a",
           "last_wake_at":"2026-11-02T11:59:00Z","iterations":7,"attempts":7,"total_input_tokens":100,"total_output_tokens":10,"consecutive_errors":0},
          {"id":"{{{MqttId}}}","name":"mqtt","state":"sleeping","started_at":"2026-11-02T10:00:00Z",
           "last_wake_at":"2026-11-02T11:59:00Z","wakes_last_24h":120,"wake_reasons_24h":{"timer":120},"iterations":42,"attempts":42,
           "total_input_tokens":0,"total_output_tokens":0,"consecutive_errors":0,"recent_iterations":[{"n":42}]},
          {"id":"0197a000-0000-7000-8000-000000000002","name":"owu/Do an archive search to find the invoice from March","state":"waiting",
           "parent_id":"{{{MqttId}}}","last_wake_at":"0001-01-01T00:00:00Z","iterations":3,"attempts":3,"total_input_tokens":0,"total_output_tokens":0,"consecutive_errors":0},
          {"id":"0197a000-0000-7000-8000-000000000003","name":"signal/Alice","state":"error","parent_id":"0197a000-0000-7000-8000-00000000000a",
           "last_wake_at":"2026-11-02T11:00:00Z","iterations":1,"attempts":4,"total_input_tokens":0,"total_output_tokens":0,
           "last_error":"boom","consecutive_errors":3},
          {"id":"0197a000-0000-7000-8000-000000000004","name":"stopped_one","state":"stopped","parent_id":"0197a000-0000-7000-8000-00000000000a",
           "last_wake_at":"0001-01-01T00:00:00Z","iterations":0,"attempts":0,"total_input_tokens":0,"total_output_tokens":0,"consecutive_errors":0},
          {"id":"0197a000-0000-7000-8000-000000000005","name":"telemetry","state":"processing","parent_id":"0197a000-0000-7000-8000-00000000000a",
           "last_wake_at":"2026-11-02T11:59:30Z","iterations":900,"attempts":900,"total_input_tokens":0,"total_output_tokens":0,"consecutive_errors":0}
        ]
        """;

    private HttpStub _agent = null!;

    public async Task InitializeAsync() => _agent = await HttpStub.StartAsync();

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    [Fact]
    public async Task ReadAsync_AgentLoopList_AggregatesStatesOverAllLoops()
    {
        // Given
        _agent.RespondJson(200, AgentLoops);

        // When
        var loops = await ReadOkAsync();

        // Then processing→active; sleeping+waiting→sleeping; error→errored; pending/stopped only in the total
        Assert.Equal(2, loops.Active);
        Assert.Equal(2, loops.Sleeping);
        Assert.Equal(1, loops.Errored);
        Assert.Equal(7, loops.Total);
    }

    [Fact]
    public async Task ReadAsync_ChildLoops_AreCountedButGetNoDetails()
    {
        // Given the root mqtt and its child "owu/Do an archive search to…", among others
        _agent.RespondJson(200, AgentLoops);

        // When
        var loops = await ReadOkAsync();

        // Then only roots, in name order, with their id, state and iterations
        Assert.True(loops.Total >= 2);
        Assert.Equal(["core", "mqtt"], loops.Roots.Select(r => r.Name));
        Assert.DoesNotContain(loops.Roots, r => r.Name.StartsWith("owu/", StringComparison.Ordinal));
        var mqtt = loops.Roots[1];
        Assert.Equal(new LoopInfo(MqttId, "mqtt", "sleeping", 42), mqtt);
    }

    [Fact]
    public async Task ReadAsync_Request_IsGetV1Loops()
    {
        // Given
        _agent.RespondJson(200, "[]");

        // When
        var loops = await ReadOkAsync();

        // Then
        var request = Assert.Single(_agent.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/loops", request.PathAndQuery);
        Assert.Equal(0, loops.Total);
        Assert.Empty(loops.Roots);
    }

    [Fact]
    public async Task ReadAsync_NoLoopReportsAContextWindow_ContextUtilizationIsUnknown()
    {
        // Given the agent's list, where no loop has context_window (absent when 0)
        _agent.RespondJson(200, AgentLoops);

        // When
        var loops = await ReadOkAsync();

        // Then unknown, not 0
        Assert.Null(loops.ContextUtilization);
    }

    [Fact]
    public async Task ReadAsync_LoopsWithContextWindows_TakesTheHighestPeakFill()
    {
        // Given loops of any name (none is "interactive"), children included; one with a zero window and a huge peak
        _agent.RespondJson(200, """
            [
              {"id":"1","name":"a","state":"sleeping","iterations":1,"last_peak_input_tokens":50000,"context_window":200000,
               "total_input_tokens":90000000,"total_output_tokens":9000000},
              {"id":"2","name":"b","state":"sleeping","parent_id":"1","iterations":1,"last_peak_input_tokens":96000,"context_window":128000},
              {"id":"3","name":"c","state":"sleeping","iterations":1,"last_peak_input_tokens":999999,"context_window":0},
              {"id":"4","name":"d","state":"sleeping","iterations":1,"last_peak_input_tokens":999999}
            ]
            """);

        // When
        var loops = await ReadOkAsync();

        // Then max(25 %, 75 %) from the last peak, not lifetime totals
        Assert.Equal(75.0, loops.ContextUtilization!.Value, 9);
    }

    [Fact]
    public async Task ReadAsync_PeakAboveTheWindow_CapsAt100()
    {
        // Given
        _agent.RespondJson(200, """[{"id":"1","name":"a","state":"processing","last_peak_input_tokens":300000,"context_window":200000}]""");

        // When
        var loops = await ReadOkAsync();

        // Then
        Assert.Equal(100.0, loops.ContextUtilization);
    }

    [Fact]
    public async Task ReadAsync_WindowButNoPeakYet_IsZeroPercent()
    {
        // Given a loop that reports its window but has not run a prompt (last_peak_input_tokens absent when 0)
        _agent.RespondJson(200, """[{"id":"1","name":"a","state":"pending","context_window":200000}]""");

        // When
        var loops = await ReadOkAsync();

        // Then known and zero
        Assert.Equal(0.0, loops.ContextUtilization);
    }

    [Fact]
    public async Task ReadAsync_AgentUrlUnset_IsAbsentWithoutAnyRequest()
    {
        // Given options without agent_url
        var source = Create(Options(agentUrl: null));

        // When
        var reading = await source.ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then not configured is not broken: absent (not announced, no warning), and the agent was not asked
        Assert.True(reading.IsAbsent);
        Assert.Contains("agent_url", reading.Problem, StringComparison.Ordinal);
        Assert.Empty(_agent.Requests);
    }

    [Fact]
    public async Task ReadAsync_Http500_IsUnavailable()
    {
        // Given
        _agent.Handler = context =>
        {
            context.Response.StatusCode = 500;
            return context.Response.WriteAsync("internal error");
        };

        // When
        var reading = await ReadAsync();

        // Then
        Assert.Null(reading.Value);
        Assert.Contains("500", reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Http503WithTheAgentsErrorEnvelope_IsUnavailable()
    {
        // Given the agent without a loop registry
        _agent.RespondJson(503, """{"error":{"message":"loop registry not configured","type":"invalid_request_error","code":503}}""");

        // When
        var reading = await ReadAsync();

        // Then
        Assert.Null(reading.Value);
        Assert.Contains("503", reading.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{\"id\":\"1\",\"name\":\"a\",")]
    [InlineData("<html>proxy error</html>")]
    [InlineData("")]
    public async Task ReadAsync_InvalidJson_IsUnavailable(string body)
    {
        // Given
        _agent.RespondJson(200, body);

        // When
        var reading = await ReadAsync();

        // Then
        Assert.Null(reading.Value);
        Assert.False(string.IsNullOrWhiteSpace(reading.Problem));
    }

    [Theory]
    [InlineData("""{"loops":[{"id":"1","name":"a","state":"sleeping"}]}""")]
    [InlineData("""{"error":{"message":"loop not found","type":"invalid_request_error","code":404}}""")]
    [InlineData("[1, 2, 3]")]
    [InlineData("null")]
    public async Task ReadAsync_JsonThatIsNotALoopArray_IsUnavailable(string body)
    {
        // Given
        _agent.RespondJson(200, body);

        // When
        var reading = await ReadAsync();

        // Then
        Assert.Null(reading.Value);
        Assert.Contains("not a loop list", reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_StreamedBodyLargerThanTheLimit_IsUnavailable()
    {
        // Given a valid loop array, sent chunked (no Content-Length), that grows past MaxResponseBytes
        _agent.Handler = async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            var loop = Encoding.UTF8.GetBytes("""{"id":"x","name":"n","state":"sleeping","iterations":1},""");
            var chunk = Enumerable.Range(0, 1000).SelectMany(_ => loop).ToArray();
            try
            {
                await context.Response.Body.WriteAsync("["u8.ToArray(), context.RequestAborted);
                for (long sent = 0; sent <= AgentApiClient.MaxResponseBytes + chunk.Length; sent += chunk.Length)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                }

                await context.Response.Body.WriteAsync("""{"id":"y","name":"z","state":"pending"}]"""u8.ToArray(), context.RequestAborted);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The reader gave up, as it should.
            }
        };

        // When
        var reading = await ReadAsync();

        // Then
        Assert.Null(reading.Value);
        Assert.Contains(AgentApiClient.MaxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DeclaredContentLengthAboveTheLimit_IsUnavailable()
    {
        // Given a response that announces more than MaxResponseBytes
        _agent.Handler = async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = AgentApiClient.MaxResponseBytes + 1L;
            try
            {
                await context.Response.Body.WriteAsync(new byte[64 * 1024], context.RequestAborted);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
            }
        };

        // When
        var reading = await ReadAsync();

        // Then
        Assert.Null(reading.Value);
        Assert.Contains("bytes", reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NothingListensOnThePort_IsUnavailable()
    {
        // Given a port that was free a moment ago
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var source = Create(Options(new Uri($"http://127.0.0.1:{port}/")));

        // When
        var reading = await source.ReadAsync(TestReadings.Now, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        // Then
        Assert.Null(reading.Value);
        Assert.Contains("unreachable", reading.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_AgentSlowerThanHalfTheInterval_IsUnavailableWithinTheTimeout()
    {
        // Given an agent that answers only when the test lets it, a 10 s interval (so a 5 s timeout) and a clock the test moves
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _agent.Handler = async context =>
        {
            asked.TrySetResult();
            await release.Task;
            context.Response.StatusCode = 200;
            await context.Response.WriteAsync("[]");
        };
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var source = Create(Options(_agent.BaseUrl, TimeSpan.FromSeconds(10)), clock);
        try
        {
            // When the agent has the request and the clock passes 4.9 s, then 5 s
            var read = source.ReadAsync(TestReadings.Now, CancellationToken.None);
            await asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
            clock.Advance(TimeSpan.FromSeconds(4.9));
            var waitedBeforeTheTimeout = read.IsCompleted;
            clock.Advance(TimeSpan.FromSeconds(0.1));
            var reading = await read.WaitAsync(TimeSpan.FromSeconds(30));

            // Then it gave up on its own at the 5 s timeout, well before the next cycle
            Assert.False(waitedBeforeTheTimeout);
            Assert.Null(reading.Value);
            Assert.Contains("5 s", reading.Problem, StringComparison.Ordinal);
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task ReadAsync_CallerCancels_Throws()
    {
        // Given a slow agent and a caller that is shutting down
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _agent.Handler = async _ => await release.Task;
        var source = Create(Options(_agent.BaseUrl));
        using var shutdown = new CancellationTokenSource();
        try
        {
            // When
            var read = source.ReadAsync(TestReadings.Now, shutdown.Token);
            await shutdown.CancelAsync();

            // Then shutdown is not reported as an unavailable agent
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            release.SetResult();
        }
    }

    [Theory]
    [InlineData(10, 5)]
    [InlineData(15, 7.5)]
    [InlineData(60, 10)]
    [InlineData(3600, 10)]
    public void RequestTimeout_Interval_IsHalfTheIntervalAtMostTenSeconds(int intervalSeconds, double expectedSeconds)
    {
        // When
        var timeout = AgentApiClient.RequestTimeout(TimeSpan.FromSeconds(intervalSeconds));

        // Then
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), timeout);
    }

    [Fact]
    public async Task ReadAsync_AgentToken_SentAsBearerAndInNoProblemText()
    {
        // Given an agent behind a proxy that wants a token, answering an error that echoes the request
        const string Token = "pr0xy-s3cret";
        _agent.RespondJson(401, $$"""{"error":"Authorization: Bearer {{Token}} refused"}""");

        // When
        var reading = await Create(Options(_agent.BaseUrl) with { AgentToken = Token }).ReadAsync(TestReadings.Now, CancellationToken.None);

        // Then the header carried it, and the reason for the unavailable reading does not
        Assert.Equal($"Bearer {Token}", Assert.Single(_agent.Requests).Authorization);
        Assert.NotNull(reading.Problem);
        Assert.DoesNotContain(Token, reading.Problem, StringComparison.Ordinal);
    }

    private static TelemetryOptions Options(Uri? agentUrl, TimeSpan? interval = null) =>
        OptionsParser.Parse("{}") with { AgentUrl = agentUrl, Interval = interval ?? TimeSpan.FromSeconds(60) };

    private static LoopsReader Create(TelemetryOptions options, TimeProvider? clock = null) =>
        new(new AgentApiClient(new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), options, clock ?? TimeProvider.System));

    private Task<Reading<LoopsFigures>> ReadAsync() =>
        Create(Options(_agent.BaseUrl)).ReadAsync(TestReadings.Now, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    private async Task<LoopsFigures> ReadOkAsync()
    {
        var reading = await ReadAsync();
        Assert.True(reading.Value is not null, reading.Problem);
        return reading.Value!;
    }
}
