using Telemetry.Mqtt;

namespace Telemetry.HomeAssistant;

/// <summary>What this publisher last put on the broker, topic by topic, so that only what changed is sent again.</summary>
internal sealed class PublishedMessages(IMqttSink sink)
{
    private readonly Dictionary<string, string> _onBroker = new(StringComparer.Ordinal);

    /// <summary>Forgets everything: the broker may have lost its retained messages, so everything is sent again.</summary>
    public void Forget() => _onBroker.Clear();

    /// <summary>Forgets one topic (cleared on the broker).</summary>
    public void Forget(string topic) => _onBroker.Remove(topic);

    /// <summary>Sends the message unless the broker holds it already.</summary>
    /// <returns>The messages sent: 0 or 1.</returns>
    public async Task<int> SendIfChangedAsync(string topic, string payload, Delivery delivery, CancellationToken cancellationToken)
    {
        if (_onBroker.TryGetValue(topic, out var held) && held == payload)
        {
            return 0;
        }

        await SendAsync(topic, payload, delivery, cancellationToken);
        return 1;
    }

    public async Task SendAsync(string topic, string payload, Delivery delivery, CancellationToken cancellationToken)
    {
        await sink.PublishAsync(topic, payload, delivery, cancellationToken);
        _onBroker[topic] = payload;
    }
}
