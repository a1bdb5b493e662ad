using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telemetry.Collection;
using Telemetry.Discovery;
using Telemetry.Mqtt;
using Telemetry.Options;
using Telemetry.Publishing;
using Telemetry.Supervisor;

namespace Telemetry.Hosting;

internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>Registers the whole pipeline: sources, discovery, the MQTT connection and the worker.</summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, TelemetryOptions options, TelemetryHostSettings settings)
    {
        var paths = AgentPaths.From(options);
        services.AddSingleton(options);
        services.AddSingleton(settings);
        services.AddSingleton(paths);
        services.AddSingleton(settings.Supervisor);
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton(provider =>
        {
            var (id, origin) = InstanceIdentity.Resolve(paths, settings.StateDirectory, provider.GetRequiredService<TimeProvider>());
            Log.InstanceId(provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InstanceIdentity)), id, origin);
            return new DeviceIdentity(id, options.DeviceName, Telemetry.Version.Current);
        });
        services.AddSingleton(new Topics(options.DiscoveryPrefix, options.DeviceName));

        services.AddHttpClient(LoopsSource.HttpClientName, client =>
        {
            client.Timeout = Timeout.InfiniteTimeSpan; // bounded per request by LoopsSource
            client.MaxResponseContentBufferSize = LoopsSource.MaxResponseBytes;
        });
        services.AddHttpClient(SupervisorClient.HttpClientName);
        services.AddSingleton<SupervisorClient>();
        services.AddSingleton<BrokerResolver>();

        services.AddSingleton<MainDatabaseSource>();
        services.AddSingleton<UsageSource>();
        services.AddSingleton<LogsSource>();
        services.AddSingleton<AttachmentsSource>();
        services.AddSingleton<LegacyUsageFileSource>();
        services.AddSingleton<LoopsSource>();
        services.AddSingleton<Collector>();
        services.AddSingleton<SourceHealth>();

        services.AddSingleton<LoopSlugs>();
        services.AddSingleton<DiscoveryBuilder>();
        services.AddSingleton<MqttConnection>();
        services.AddSingleton<IMqttSink>(provider => provider.GetRequiredService<MqttConnection>());
        services.AddSingleton<TelemetryPublisher>();

        services.AddHostedService<TelemetryWorker>();
        return services;
    }
}
