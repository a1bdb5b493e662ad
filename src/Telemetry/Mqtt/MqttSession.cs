namespace Telemetry.Mqtt;

/// <summary>What the connection presents to the broker on every connect: who it is, its last will, and what it listens to.</summary>
/// <param name="WillTopic">Where the broker publishes <paramref name="WillPayload"/>, retained, when the connection dies; a clean stop publishes it too.</param>
internal sealed record MqttSession(string ClientId, string WillTopic, string WillPayload, IReadOnlyList<MqttSubscription> Subscriptions);
