using Telemetry.Mqtt;

namespace Telemetry.Testing;

/// <summary>Records what the publisher sends, in order. The real broker is exercised by the integration tests.</summary>
internal sealed class RecordingSink : IMqttSink
{
    public List<(string Topic, string Payload)> Sent { get; } = [];

    public bool IsConnected { get; set; } = true;

    /// <summary>Throws on the n-th publish (1-based) to simulate a connection lost half-way.</summary>
    public int? FailOnPublish { get; set; }

    public Task PublishAsync(string topic, string payload, Delivery delivery, CancellationToken cancellationToken)
    {
        if (FailOnPublish is { } n && Sent.Count + 1 == n)
        {
            throw new BrokerUnavailableException("connection lost");
        }

        Sent.Add((topic, payload));
        return Task.CompletedTask;
    }

    public string? Last(string topic) => Sent.LastOrDefault(m => m.Topic == topic).Payload;
}
