namespace Telemetry.Mqtt;

/// <summary>A topic filter and what to do with each message on it (retained ones included).</summary>
internal sealed record MqttSubscription(string TopicFilter, Action<MqttIncoming> OnMessage);
