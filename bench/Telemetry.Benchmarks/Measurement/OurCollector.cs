using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Telemetry.Collection;
using Telemetry.Options;
using Telemetry.Sources;
using Telemetry.Sources.Agent;
using Telemetry.Sources.AgentApi;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.LegacyUsage;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Main;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>The add-on's real <see cref="Collector"/> and sources over a generated agent, on a clock the benchmark moves.</summary>
internal sealed class OurCollector
{
    public OurCollector(string thaneDir, FakeTimeProvider clock)
    {
        var options = OptionsParser.Parse("{}") with { ThaneDir = thaneDir };
        Paths = AgentPaths.From(options);
        Logs = new LogsReader(Paths, Relief);
        Usage = new UsageReader(Paths, clock, Relief);
        var api = new AgentApiClient(new NoHttp(), options, clock);
        Collector = new Collector(
            [
                new Source<MainFigures>(MainSource.Key, new MainReader(Paths)),
                new Source<UsageFigures>(UsageSource.Key, Usage),
                new Source<LogsFigures>(LogsSource.Key, Logs),
                new Source<AttachmentsFigures>(AttachmentsSource.Key, new AttachmentsReader(Paths)),
                new Source<LegacyUsageFigures>(LegacyUsageSource.Key, new LegacyUsageReader(Paths)),
                new Source<LoopsFigures>(LoopsSource.Key, new LoopsReader(api)),
                new Source<AgentStatus>(AgentSource.Key, new AgentStatusReader(api)),
            ],
            Relief,
            clock,
            NullLogger<Collector>.Instance);
    }

    public AgentPaths Paths { get; }

    /// <summary>Shared by the readers and the collector, as in the add-on.</summary>
    public MemoryRelief Relief { get; } = new();

    public LogsReader Logs { get; }

    public UsageReader Usage { get; }

    public Collector Collector { get; }

    /// <summary>Only the two sources read incrementally, one after the other (the collector reads all sources at once).</summary>
    public async Task<(Reading<LogsFigures> Logs, Reading<UsageFigures> Usage)> ReadLogsAndUsageAsync(DateTimeOffset now) =>
        (await Logs.ReadAsync(now, CancellationToken.None), await Usage.ReadAsync(now, CancellationToken.None));

    /// <summary>No agent API in the benchmark: the loops source answers "agent_url is not set" without a request.</summary>
    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("the benchmark makes no HTTP requests");
    }
}
