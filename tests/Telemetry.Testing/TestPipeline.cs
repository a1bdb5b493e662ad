using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.Collection;
using Telemetry.History;
using Telemetry.Hosting;
using Telemetry.Options;
using Telemetry.Sources;
using Telemetry.Sources.AgentApi;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage.Api;

namespace Telemetry.Testing;

/// <summary>The add-on's real collection pipeline, built without the host, on a clock the test chooses.</summary>
internal static class TestPipeline
{
    /// <param name="access">Which way the agent is read; by default its files in <c>options.ThaneDir</c>, and its API where set.</param>
    public static Collector Collector(TelemetryOptions options, TimeProvider clock, AgentAccess? access = null, string? stateDirectory = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(options)
            .AddSingleton(AgentPaths.From(options))
            .AddSingleton(clock)
            .AddSingleton<MemoryRelief>()
            .AddSingleton<AgentApiClient>()
            .AddSingleton(new HistoryImportState())
            .AddSingleton(new UsageHoursStore(stateDirectory is null ? null : Path.Combine(stateDirectory, UsageHoursStore.FileName), NullLogger<UsageHoursStore>.Instance));
        services.AddHttpClient();
        foreach (var source in TelemetrySources.All)
        {
            source.AddTo(services, access ?? new AgentAccess(options.ThaneDir ?? AgentAccess.FormerDefaultDirectory, options.AgentUrl, "test"));
        }

        var provider = services.BuildServiceProvider();
        return new Collector(provider.GetServices<ISource>(), provider.GetRequiredService<MemoryRelief>(), clock, NullLogger<Collector>.Instance);
    }
}
