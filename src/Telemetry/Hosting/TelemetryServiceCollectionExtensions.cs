using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telemetry.Sources.Agent;
using Telemetry.Sources.AgentApi;
using Telemetry.Collection;
using Telemetry.HomeAssistant;
using Telemetry.Mqtt;
using Telemetry.Options;
using Telemetry.Sources.Attachments;
using Telemetry.Sources.Logs;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Sessions;
using Telemetry.Sources.Usage;
using Telemetry.Supervisor;

namespace Telemetry.Hosting;

internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>Registers the whole pipeline: sources, Home Assistant discovery, the MQTT connection and the worker.</summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, TelemetryOptions options, TelemetryHostSettings settings)
    {
        services.AddSingleton(options);
        services.AddSingleton(settings);
        services.AddSingleton(AgentPaths.From(options));
        services.AddSingleton(settings.Supervisor);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ExitStatus>();

        services.AddHttpClient(AgentApiClient.HttpClientName, client =>
        {
            client.Timeout = Timeout.InfiniteTimeSpan; // bounded per request by AgentApiClient
            client.MaxResponseContentBufferSize = AgentApiClient.MaxResponseBytes;
        });
        services.AddSingleton<AgentApiClient>();
        services.AddSingleton<SessionsSource>();
        services.AddSingleton<UsageSource>();
        services.AddSingleton<LogsSource>();
        services.AddSingleton<AttachmentsSource>();
        services.AddSingleton<LegacyUsageFileSource>();
        services.AddSingleton<LoopsSource>();
        services.AddSingleton<AgentStatusSource>();
        services.AddSingleton<Collector>();

        services.AddSingleton(provider =>
        {
            var (id, origin) = InstanceIdentity.Resolve(provider.GetRequiredService<AgentPaths>(), settings.StateDirectory, provider.GetRequiredService<TimeProvider>());
            Log.InstanceId(provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InstanceIdentity)), id, origin);
            return new DeviceIdentity(id, options.DeviceName, Telemetry.Version.Current, options.AgentUrl);
        });
        services.AddSingleton(new Topics(options.DiscoveryPrefix, options.DeviceName));
        services.AddSingleton<LoopSlugs>();
        services.AddSingleton<DiscoveryBuilder>();
        services.AddSingleton<BirthWatch>();
        services.AddSingleton<AgentDeviceWatch>();
        services.AddSingleton(provider => new ComponentMemory(
            Path.Combine(settings.StateDirectory, ComponentMemory.FileName), provider.GetRequiredService<ILogger<ComponentMemory>>()));
        services.AddSingleton<TelemetryPublisher>();

        services.AddHttpClient(SupervisorClient.HttpClientName);
        services.AddSingleton<SupervisorClient>();
        services.AddSingleton<BrokerResolver>();
        services.AddSingleton(provider => HomeAssistantSession.Create(
            provider.GetRequiredService<DeviceIdentity>(), provider.GetRequiredService<Topics>(),
            provider.GetRequiredService<BirthWatch>(), provider.GetRequiredService<AgentDeviceWatch>()));
        services.AddSingleton<MqttConnection>();
        services.AddSingleton<IMqttSink>(provider => provider.GetRequiredService<MqttConnection>());
        services.AddSingleton<ConnectionKeeper>();

        services.AddSingleton<SourceHealth>();
        services.AddSingleton<PublishPolicy>();
        services.AddSingleton<TelemetryCycle>();
        services.AddSingleton<OnceRun>();
        services.AddHostedService<TelemetryWorker>();
        return services;
    }
}
