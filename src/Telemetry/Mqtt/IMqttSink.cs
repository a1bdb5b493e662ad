namespace Telemetry.Mqtt;

/// <summary>Where the publisher sends messages: retained, in the order they are sent.</summary>
internal interface IMqttSink
{
    bool IsConnected { get; }

    /// <summary>Publishes a retained message; an empty payload clears the topic.</summary>
    /// <exception cref="BrokerUnavailableException">The broker connection failed.</exception>
    Task PublishAsync(string topic, string payload, Delivery delivery, CancellationToken cancellationToken);
}
