using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    public static async Task<AddonHost> StartAsync(TelemetryOptions agentOptions, MosquittoBroker broker, string stateDirectory, TimeProvider? clock = null)
    {
        var deviceName = "it" + Guid.NewGuid().ToString("N")[..10];
        var options = agentOptions with
        {
            DeviceName = deviceName,
            Broker = new BrokerOptions(broker.Host, broker.Port, null, null, false),
        };
        var settings = new TelemetryHostSettings(stateDirectory, RunOnce: false, new SupervisorEndpoint(new Uri("http://127.0.0.1:9/"), null));
        var host = AddonApp.BuildHost(options, settings, configure: services =>
        {
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
        });
        await host.StartAsync();
        return new AddonHost(host, new Topics(options.DiscoveryPrefix, deviceName), deviceName);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}
