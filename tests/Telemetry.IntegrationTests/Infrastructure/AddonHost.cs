using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telemetry.Addon;
using Telemetry.HomeAssistant;
using Telemetry.Hosting;
using Telemetry.Options;
using Telemetry.Supervisor;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>The add-on's real host, in this process, against a real broker; a device name of its own keeps its topics apart.</summary>
internal sealed class AddonHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ExitStatus _exit;
    private readonly Task _run;
    private readonly IHostApplicationLifetime _lifetime;

    private AddonHost(IHost host, Task run, Topics topics, string deviceName)
    {
        _host = host;
        _run = run;
        _lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        _exit = host.Services.GetRequiredService<ExitStatus>();
        Stopped = WhenStopped(_lifetime);
        Topics = topics;
        DeviceName = deviceName;
    }

    public Topics Topics { get; }

    /// <summary>The exit code the program would return once the host stops.</summary>
    public int ExitCode => _exit.Code;

    public string DeviceName { get; }

    /// <param name="clock">Replaces the system clock, so a test can run the next cycle by advancing it.</param>
    /// <param name="supervisor">When set, the broker comes from this Supervisor (no mqtt_host), as under Home Assistant.</param>
    /// <param name="logs">Receives every log line at every level, framework ones included.</param>
    /// <param name="services">Further replacements, after the add-on's own registrations.</param>
    /// <param name="deviceName">The device, for a test that restarts the same add-on; a fresh one by default.</param>
    /// <param name="brokerOptions">Changes how the broker is reached (TLS, a certificate authority).</param>
    /// <remarks>
    /// The history import is off: it talks to Core's websocket behind the Supervisor, which the Supervisor stubs of these
    /// tests do not serve (its own tests use a stand-in for it: <c>Telemetry.Tests/History</c>).
    /// </remarks>
    public static async Task<AddonHost> StartAsync(
        TelemetryOptions agentOptions,
        MosquittoBroker broker,
        string stateDirectory,
        TimeProvider? clock = null,
        SupervisorEndpoint? supervisor = null,
        CapturedLogs? logs = null,
        Action<IServiceCollection>? services = null,
        string? deviceName = null,
        Func<BrokerOptions, BrokerOptions>? brokerOptions = null)
    {
        deviceName ??= "it" + Guid.NewGuid().ToString("N")[..10];
        var options = agentOptions with
        {
            DeviceName = deviceName,
            HistoryImport = false,
            LogLevel = logs is null ? agentOptions.LogLevel : Microsoft.Extensions.Logging.LogLevel.Trace,
            Broker = supervisor is null ? (brokerOptions ?? (b => b))(new BrokerOptions(broker.Host, broker.Port, null, null, false)) : null,
        };
        var settings = new TelemetryHostSettings(stateDirectory, RunOnce: false, supervisor ?? new SupervisorEndpoint(new Uri("http://127.0.0.1:9/"), null));
        var host = AddonApp.BuildHost(options, OptionsParser.Validate(options), settings, configure: collection =>
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
        // Run as the program does (RunAsync), so a stop the add-on asks for itself really stops the host.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => started.TrySetResult());
        var run = host.RunAsync();
        await Task.WhenAny(started.Task, run);
        if (run.IsCompleted)
        {
            await run; // a failed start throws here
        }

        return new AddonHost(host, run, new Topics(options.DiscoveryPrefix, deviceName), deviceName);
    }

    /// <summary>Completes when the host stops by itself (e.g. after an unexpected failure).</summary>
    public Task Stopped { get; }

    private static Task WhenStopped(IHostApplicationLifetime lifetime)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStopped.Register(() => stopped.TrySetResult());
        return stopped.Task;
    }

    public async ValueTask DisposeAsync()
    {
        // RunAsync disposes the host when it ends; one that stopped by itself is already gone.
        if (!_run.IsCompleted)
        {
            _lifetime.StopApplication();
        }

        await _run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
