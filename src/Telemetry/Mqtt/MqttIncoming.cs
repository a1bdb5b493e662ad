namespace Telemetry.Mqtt;

/// <summary>A message from the broker (retained or not); an empty payload is a cleared retained topic.</summary>
internal sealed record MqttIncoming(string Topic, string Payload);
