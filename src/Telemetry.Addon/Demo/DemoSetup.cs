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
    private readonly AgentUsageApi _usage;

    private DemoSetup(SimulatedAgent agent, DemoBroker? broker, TelemetryOptions options, AgentAccess access)
    {
        Access = access;
        _usage = new AgentUsageApi(agent.Layout.MainDb, TimeProvider.System);
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
    public DemoAgentApi Api => new(Loops, System, _usage);

    /// <summary>The sample agent's files and API, or (<c>--api</c>) its API alone.</summary>
    public AgentAccess Access { get; }

    /// <summary>The options with the demo's agent, API and broker filled in.</summary>
    public TelemetryOptions Options { get; }

    public string StateDirectory { get; }

    /// <param name="apiOnly">Read the sample agent over its API only, as an agent on another machine.</param>
    public static async Task<DemoSetup> StartAsync(TelemetryOptions configured, bool apiOnly)
    {
        var agent = SimulatedAgent.Create(TimeProvider.System);
        var broker = configured.Broker is null ? await DemoBroker.StartAsync() : null;
        var options = configured with
        {
            ThaneDir = apiOnly ? null : agent.Layout.Root,
            MainDb = null,
            LogsDb = null,
            AttachmentsDb = null,
            UsageDb = null,
            AgentUrl = DemoAgentApi.BaseUrl,
            Interval = OptionsParser.MinInterval,
            Broker = configured.Broker ?? new BrokerOptions("127.0.0.1", DemoBroker.Port, null, null, false),
        };
        Console.WriteLine($"Demo: sample agent in {agent.Layout.Root}; broker {options.Broker}; a cycle every {options.Interval.TotalSeconds:0} s. Ctrl+C stops.");
        var access = apiOnly
            ? new AgentAccess(null, DemoAgentApi.BaseUrl, $"the sample agent over its API only (--api), as an agent on another machine: the sensors only its files give are not announced")
            : new AgentAccess(agent.Layout.Root, DemoAgentApi.BaseUrl, $"the sample agent's files in {agent.Layout.Root} and its API");
        return new DemoSetup(agent, broker, options, access);
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
