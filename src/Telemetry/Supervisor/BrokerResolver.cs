using Microsoft.Extensions.Logging;
using Telemetry.Mqtt;
using Telemetry.Options;

namespace Telemetry.Supervisor;

/// <summary>Which broker to connect to: the configured one, or the Supervisor's MQTT service, asked again after a failed connect.</summary>
internal sealed class BrokerResolver(TelemetryOptions options, SupervisorClient supervisor, ILogger<BrokerResolver> logger) : IBrokerSource
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private BrokerOptions? _fromSupervisor;
    private BrokerOptions? _lastLogged;
    private string? _lastProblem;
    private string? _lastFailure;

    public TimeSpan RetryDelay { get; private set; } = FirstRetry;

    /// <summary>For the start-up line: where the broker comes from.</summary>
    public string Origin => options.Broker?.ToString() ?? "from the Supervisor's MQTT service";

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
            Log.BrokerUnknown(logger, answer.Problem ?? "no answer");
            _lastProblem = answer.Problem;
        }

        RetryDelay = TimeSpan.FromTicks(Math.Min(RetryDelay.Ticks * 2, LastRetry.Ticks));
        return null;
    }

    public void Failed(BrokerOptions broker, string problem, bool credentials)
    {
        if (problem != _lastFailure)
        {
            if (credentials && options.Broker is null)
            {
                Log.CredentialsRefused(logger, problem);
            }
            else if (credentials)
            {
                Log.ConfiguredCredentialsRefused(logger, broker.ToString(), problem);
            }
            else
            {
                Log.ConnectFailed(logger, broker.ToString(), problem);
            }

            _lastFailure = problem;
        }

        // The Supervisor's answer may be stale: Mosquitto was reinstalled (new password) or moved.
        _fromSupervisor = null;
    }

    public void Connected() => _lastFailure = null;
}
