using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Telemetry.Collection;
using Telemetry.History;
using Telemetry.HomeAssistant;
using Telemetry.Mqtt;
using Telemetry.Options;
using Telemetry.Sources.AgentApi;
using Telemetry.Sources.Loops;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage.Api;
using Telemetry.Supervisor;

namespace Telemetry.Hosting;

internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>Registers the whole pipeline: sources, Home Assistant discovery, the MQTT connection and the worker.</summary>
    /// <param name="access">Which way the agent is read (<see cref="OptionsParser.Validate"/>).</param>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, TelemetryOptions options, AgentAccess access, TelemetryHostSettings settings)
    {
        services.AddSingleton(options);
        services.AddSingleton(access);
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
        services.AddSingleton<MemoryRelief>();
        services.AddSingleton(provider => new KeptWindows(settings.RunOnce ? null : settings.StateDirectory, provider.GetRequiredService<ILogger<KeptWindows>>()));
        services.AddSingleton(provider => new UsageHoursStore(Path.Combine(settings.StateDirectory, UsageHoursStore.FileName), provider.GetRequiredService<ILogger<UsageHoursStore>>()));
        foreach (var source in TelemetrySources.All)
        {
            source.AddTo(services, access);
        }

        services.AddSingleton<LoopSlugs>();
        services.AddSingleton<IDynamicSensors, LoopSensors>();
        services.AddSingleton<Collector>();

        services.AddHomeAssistant(options, access, settings);
        services.AddMqtt();

        services.AddSingleton<SourceHealth>();
        services.AddSingleton<PublishPolicy>();
        services.AddSingleton<TelemetryCycle>();
        services.AddSingleton<BirthDebounce>();
        if (settings.RunOnce)
        {
            services.AddSingleton<ITelemetryRun, OnceRun>();
        }
        else
        {
            services.AddSingleton<ITelemetryRun, ContinuousRun>();
        }

        services.AddHostedService<TelemetryWorker>();
        services.AddHistoryImport(options, access, settings);
        return services;
    }

    private static void AddHistoryImport(this IServiceCollection services, TelemetryOptions options, AgentAccess access, TelemetryHostSettings settings)
    {
        var underSupervisor = !settings.RunOnce && settings.Supervisor.Token is not null;
        services.AddSingleton(new HistoryImportState
        {
            Absent = !options.HistoryImport ? "history_import is off" + (options.HistoryRebuild && underSupervisor ? "; history_rebuild removes the imported statistics" : "")
                : !access.ReadsFiles ? "the agent is read over its API; the history comes from its usage_records table, on this machine only"
                : settings.RunOnce ? "a single cycle (--once)"
                : settings.Supervisor.Token is null ? "not running under the Supervisor (no SUPERVISOR_TOKEN for Home Assistant's websocket)"
                : null,
            RemoveOnly = !options.HistoryImport && options.HistoryRebuild && underSupervisor,
        });
        services.TryAddSingleton(new HistoryImportSettings());
        services.AddSingleton(provider => new HistoryMemory(Path.Combine(settings.StateDirectory, HistoryMemory.FileName), provider.GetRequiredService<ILogger<HistoryMemory>>()));
        services.AddSingleton<HistoryImporter>();
        services.AddSingleton<FirstCycleGate>();
        services.AddSingleton<ICycleObserver, FirstCycleObserver>();
        services.AddHostedService<HistoryImportService>();
    }

    private static void AddHomeAssistant(this IServiceCollection services, TelemetryOptions options, AgentAccess access, TelemetryHostSettings settings)
    {
        services.AddSingleton(provider => new DeviceIdentitySource(
            options.DeviceName, options.AgentUrl, settings.StateDirectory, access.ReadsFiles ? provider.GetRequiredService<AgentPaths>().InstanceId : null,
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<DeviceIdentitySource>>()));
        services.AddSingleton(new Topics(options.DiscoveryPrefix, options.DeviceName));
        services.AddSingleton<SensorCatalog>();
        services.AddSingleton<DiscoveryBuilder>();
        services.AddSingleton<DiscoveryCache>();
        services.AddSingleton<BirthWatch>();
        services.AddSingleton<AgentDeviceWatch>();
        services.AddSingleton(provider => new ComponentMemory(
            Path.Combine(settings.StateDirectory, ComponentMemory.FileName), provider.GetRequiredService<SensorCatalog>(), provider.GetRequiredService<ILogger<ComponentMemory>>()));
        services.AddSingleton<Announcements>();
        services.AddSingleton<TelemetryPublisher>();
    }

    private static void AddMqtt(this IServiceCollection services)
    {
        services.AddHttpClient(SupervisorClient.HttpClientName);
        services.AddSingleton<SupervisorClient>();
        services.AddSingleton<BrokerResolver>();
        services.AddSingleton<IBrokerSource>(provider => provider.GetRequiredService<BrokerResolver>());
        services.AddSingleton(provider => HomeAssistantSession.Create(
            provider.GetRequiredService<TelemetryOptions>().DeviceName, provider.GetRequiredService<Topics>(),
            provider.GetRequiredService<BirthWatch>(), provider.GetRequiredService<AgentDeviceWatch>()));
        services.AddSingleton<MqttConnection>();
        services.AddSingleton<IMqttSink>(provider => provider.GetRequiredService<MqttConnection>());
        services.AddSingleton<PublishedMessages>();
        services.AddSingleton<ConnectionKeeper>();
    }
}
