using Microsoft.Extensions.Time.Testing;
using Telemetry.Sources.Agent;
using Telemetry.Sources.AgentApi;
using Telemetry.Collection;
using Telemetry.Sources;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Sessions;
using Telemetry.Sources.Usage;
using Telemetry.Options;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>The add-on's real <see cref="Collector"/> and sources over a generated agent, on a clock the benchmark moves.</summary>
internal sealed class OurCollector
{
    public OurCollector(string thaneDir, FakeTimeProvider clock)
    {
        var options = OptionsParser.Parse("{}") with { ThaneDir = thaneDir };
        Paths = AgentPaths.From(options);
        Logs = new LogsSource(Paths);
        Usage = new UsageSource(Paths, clock);
        Collector = new Collector(new SessionsSource(Paths), Usage, Logs, new AttachmentsSource(Paths), new LegacyUsageFileSource(Paths),
            new LoopsSource(new AgentApiClient(new NoHttp(), options, clock)), new AgentStatusSource(new AgentApiClient(new NoHttp(), options, clock)), clock);
    }

    public AgentPaths Paths { get; }

    public LogsSource Logs { get; }

    public UsageSource Usage { get; }

    public Collector Collector { get; }

    /// <summary>Only the two sources read incrementally, one after the other (the collector reads all sources at once).</summary>
    public async Task<(Reading<LogStats> Logs, Reading<UsageStats> Usage)> ReadLogsAndUsageAsync(DateTimeOffset now) =>
        (await Logs.ReadAsync(now, CancellationToken.None), await Usage.ReadAsync(now, CancellationToken.None));

    /// <summary>No agent API in the benchmark: the loops source answers "agent_url is not set" without a request.</summary>
    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("the benchmark makes no HTTP requests");
    }
}
