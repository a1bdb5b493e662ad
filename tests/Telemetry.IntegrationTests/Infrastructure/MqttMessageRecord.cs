namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>One message as a <see cref="MqttProbe"/> received it.</summary>
/// <param name="Topic">The topic it was published on.</param>
/// <param name="Payload">The payload as UTF-8 text.</param>
/// <param name="Retain">Whether the broker delivered it as a retained message.</param>
internal sealed record MqttMessageRecord(string Topic, string Payload, bool Retain);
