using Telemetry.Mqtt;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>Stands in for the broker connection: counts what the real publisher sends.</summary>
internal sealed class CountingSink : IMqttSink
{
    public bool IsConnected => true;

    public List<string> Topics { get; } = [];

    public Task PublishAsync(string topic, string payload, Delivery delivery, CancellationToken cancellationToken)
    {
        Topics.Add(topic);
        return Task.CompletedTask;
    }
}
