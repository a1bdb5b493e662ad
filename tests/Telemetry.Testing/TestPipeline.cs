using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.Collection;
using Telemetry.Hosting;
using Telemetry.Options;
using Telemetry.Sources;
using Telemetry.Sources.AgentApi;
using Telemetry.Sources.Tables;

namespace Telemetry.Testing;

/// <summary>The add-on's real collection pipeline, built without the host, on a clock the test chooses.</summary>
internal static class TestPipeline
{
    public static Collector Collector(TelemetryOptions options, TimeProvider clock)
    {
        var services = new ServiceCollection()
            .AddSingleton(options)
            .AddSingleton(AgentPaths.From(options))
            .AddSingleton(clock)
            .AddSingleton<MemoryRelief>()
            .AddSingleton<AgentApiClient>();
        services.AddHttpClient();
        foreach (var source in TelemetrySources.All)
        {
            source.AddTo(services);
        }

        var provider = services.BuildServiceProvider();
        return new Collector(provider.GetServices<ISource>(), provider.GetRequiredService<MemoryRelief>(), clock, NullLogger<Collector>.Instance);
    }
}
