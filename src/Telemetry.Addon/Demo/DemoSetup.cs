using Telemetry.Options;

namespace Telemetry.Addon.Demo;

/// <summary>Everything <c>--demo</c> runs beside the add-on: the sample agent, its writer, and (unless a broker is configured) an embedded broker.</summary>
internal sealed class DemoSetup : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private readonly DemoBroker? _broker;

    private DemoSetup(DemoAgent agent, DemoBroker? broker, TelemetryOptions options)
    {
        Agent = agent;
        _broker = broker;
        Options = options;
        StateDirectory = Path.Combine(agent.Directory, "addon-data");
        _writer = agent.RunAsync(_stop.Token);
    }

    public DemoAgent Agent { get; }

    /// <summary>The options with the demo's agent, API and broker filled in.</summary>
    public TelemetryOptions Options { get; }

    public string StateDirectory { get; }

    public static async Task<DemoSetup> StartAsync(TelemetryOptions configured)
    {
        var agent = DemoAgent.Create(TimeProvider.System);
        var broker = configured.Broker is null ? await DemoBroker.StartAsync() : null;
        var options = configured with
        {
            ThaneDir = agent.Directory,
            MainDb = null,
            LogsDb = null,
            AttachmentsDb = null,
            UsageDb = null,
            AgentUrl = DemoLoops.BaseUrl,
            Interval = OptionsParser.MinInterval,
            Broker = configured.Broker ?? new BrokerOptions("127.0.0.1", DemoBroker.Port, null, null, false),
        };
        Console.WriteLine($"Demo: sample agent in {agent.Directory}; broker {options.Broker}; a cycle every {options.Interval.TotalSeconds:0} s. Ctrl+C stops.");
        return new DemoSetup(agent, broker, options);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _writer;
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        await Agent.DisposeAsync();
        _stop.Dispose();
    }
}
