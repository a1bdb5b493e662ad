using Microsoft.Extensions.DependencyInjection;
using Telemetry.Sources.Agent;
using Telemetry.Sources.AgentApi;
using Telemetry.Collection;
using Telemetry.Options;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Sessions;
using Telemetry.Sources.Usage;

namespace Telemetry.Testing;

/// <summary>The add-on's real collection pipeline, built without the host, on a clock the test chooses.</summary>
internal static class TestPipeline
{
    public static Collector Collector(TelemetryOptions options, TimeProvider clock)
    {
        var paths = AgentPaths.From(options);
        var httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new Collector(
            new SessionsSource(paths),
            new UsageSource(paths, clock),
            new LogsSource(paths),
            new AttachmentsSource(paths),
            new LegacyUsageFileSource(paths),
            new LoopsSource(new AgentApiClient(httpClients, options, clock)),
            new AgentStatusSource(new AgentApiClient(httpClients, options, clock)),
            clock);
    }
}
