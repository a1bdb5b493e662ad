using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telemetry.Addon;
using Telemetry.Discovery;
using Telemetry.Hosting;
using Telemetry.Options;
using Telemetry.Supervisor;

namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>The add-on's real host, in this process, against a real broker; a device name of its own keeps its topics apart.</summary>
internal sealed class AddonHost : IAsyncDisposable
{
    private readonly IHost _host;

    private AddonHost(IHost host, Topics topics, string deviceName)
    {
        _host = host;
        Topics = topics;
        DeviceName = deviceName;
    }

    public Topics Topics { get; }

    public string DeviceName { get; }

    /// <param name="clock">Replaces the system clock, so a test can run the next cycle by advancing it.</param>
    /// <param name="supervisor">When set, the broker comes from this Supervisor (no mqtt_host), as under Home Assistant.</param>
    /// <param name="logs">Receives every log line at every level, framework ones included.</param>
    /// <param name="services">Further replacements, after the add-on's own registrations.</param>
    public static async Task<AddonHost> StartAsync(
        TelemetryOptions agentOptions,
        MosquittoBroker broker,
        string stateDirectory,
        TimeProvider? clock = null,
        SupervisorEndpoint? supervisor = null,
        CapturedLogs? logs = null,
        Action<IServiceCollection>? services = null)
    {
        var deviceName = "it" + Guid.NewGuid().ToString("N")[..10];
        var options = agentOptions with
        {
            DeviceName = deviceName,
            LogLevel = logs is null ? agentOptions.LogLevel : Microsoft.Extensions.Logging.LogLevel.Trace,
            Broker = supervisor is null ? new BrokerOptions(broker.Host, broker.Port, null, null, false) : null,
        };
        var settings = new TelemetryHostSettings(stateDirectory, RunOnce: false, supervisor ?? new SupervisorEndpoint(new Uri("http://127.0.0.1:9/"), null));
        var host = AddonApp.BuildHost(options, settings, configure: collection =>
        {
            if (clock is not null)
            {
                collection.AddSingleton(clock);
            }

            if (logs is not null)
            {
                collection.AddSingleton<ILoggerProvider>(logs);
                collection.Configure<LoggerFilterOptions>(filters =>
                {
                    filters.Rules.Clear();
                    filters.MinLevel = Microsoft.Extensions.Logging.LogLevel.Trace;
                });
            }

            services?.Invoke(collection);
        });
        await host.StartAsync();
        return new AddonHost(host, new Topics(options.DiscoveryPrefix, deviceName), deviceName);
    }

    /// <summary>Completes when the host stops by itself (e.g. after an unexpected failure).</summary>
    public Task Stopped
    {
        get
        {
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() => stopped.TrySetResult());
            return stopped.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}
