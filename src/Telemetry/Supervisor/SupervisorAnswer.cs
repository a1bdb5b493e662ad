using Telemetry.Options;

namespace Telemetry.Supervisor;

/// <summary>The Supervisor's broker, or the reason it gave none.</summary>
internal sealed record SupervisorAnswer(BrokerOptions? Broker, string? Problem)
{
    public static SupervisorAnswer Found(BrokerOptions broker) => new(broker, null);

    public static SupervisorAnswer Failed(string problem) => new(null, problem);
}
