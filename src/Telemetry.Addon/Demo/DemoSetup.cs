using Telemetry.AgentSimulator;
using Telemetry.Options;

namespace Telemetry.Addon.Demo;

/// <summary>Everything <c>--demo</c> runs beside the add-on: the sample agent, its writer, and (unless a broker is configured) an embedded broker.</summary>
internal sealed class DemoSetup : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private readonly Task _loopsRunning;
    private readonly DemoBroker? _broker;

    private DemoSetup(SimulatedAgent agent, DemoBroker? broker, TelemetryOptions options)
    {
        Agent = agent;
        _broker = broker;
        Options = options;
        StateDirectory = Path.Combine(agent.Layout.Root, "addon-data");
        _writer = agent.RunAsync(_stop.Token);
        _loopsRunning = Loops.RunAsync(_stop.Token);
    }

    public SimulatedAgent Agent { get; }

    /// <summary>The agent's loops.</summary>
    public DemoLoops Loops { get; } = new(TimeProvider.System);

    /// <summary>The agent's status, version and health.</summary>
    public DemoSystem System { get; } = new(TimeProvider.System);

    /// <summary>The agent's API (loops, system status, health), served in-process; a new handler each time one is asked for.</summary>
    public DemoAgentApi Api => new(Loops, System);

    /// <summary>The options with the demo's agent, API and broker filled in.</summary>
    public TelemetryOptions Options { get; }

    public string StateDirectory { get; }

    public static async Task<DemoSetup> StartAsync(TelemetryOptions configured)
    {
        var agent = SimulatedAgent.Create(TimeProvider.System);
        var broker = configured.Broker is null ? await DemoBroker.StartAsync() : null;
        var options = configured with
        {
            ThaneDir = agent.Layout.Root,
            MainDb = null,
            LogsDb = null,
            AttachmentsDb = null,
            UsageDb = null,
            AgentUrl = DemoAgentApi.BaseUrl,
            Interval = OptionsParser.MinInterval,
            Broker = configured.Broker ?? new BrokerOptions("127.0.0.1", DemoBroker.Port, null, null, false),
        };
        Console.WriteLine($"Demo: sample agent in {agent.Layout.Root}; broker {options.Broker}; a cycle every {options.Interval.TotalSeconds:0} s. Ctrl+C stops.");
        return new DemoSetup(agent, broker, options);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _writer;
        await _loopsRunning;
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        await Agent.DisposeAsync();
        _stop.Dispose();
    }
}
