using Microsoft.Extensions.Logging;
using Telemetry.Options;

namespace Telemetry.Supervisor;

/// <summary>Which broker to connect to: the configured one, or the Supervisor's MQTT service.</summary>
internal sealed class BrokerResolver(TelemetryOptions options, SupervisorClient supervisor, ILogger<BrokerResolver> logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private BrokerOptions? _fromSupervisor;
    private BrokerOptions? _lastLogged;
    private string? _lastProblem;

    /// <summary>How long to wait before asking again after <see cref="ResolveAsync"/> found no broker.</summary>
    public TimeSpan RetryDelay { get; private set; } = FirstRetry;

    /// <summary>For the start-up line: where the broker comes from.</summary>
    public string Origin => options.Broker?.ToString() ?? "from the Supervisor's MQTT service";

    public bool IsFromSupervisor => options.Broker is null;

    /// <summary>The broker, or null when the Supervisor has none yet (the reason is logged once per change).</summary>
    public async Task<BrokerOptions?> ResolveAsync(CancellationToken cancellationToken)
    {
        if (options.Broker is not null)
        {
            return options.Broker;
        }

        if (_fromSupervisor is not null)
        {
            return _fromSupervisor;
        }

        var answer = await supervisor.GetMqttServiceAsync(cancellationToken);
        if (answer.Broker is { } broker)
        {
            _fromSupervisor = broker;
            _lastProblem = null;
            RetryDelay = FirstRetry;
            if (broker != _lastLogged)
            {
                Log.BrokerFromSupervisor(logger, broker.ToString());
                _lastLogged = broker;
            }

            return broker;
        }

        if (answer.Problem != _lastProblem)
        {
            Log.BrokerUnknown(logger, answer.Problem!);
            _lastProblem = answer.Problem;
        }

        RetryDelay = TimeSpan.FromTicks(Math.Min(RetryDelay.Ticks * 2, LastRetry.Ticks));
        return null;
    }

    /// <summary>Forget the Supervisor's answer, so the next attempt asks again (new password, new host).</summary>
    public void Invalidate() => _fromSupervisor = null;
}
