namespace Telemetry.Mqtt;

/// <summary>How a message is delivered: every one is retained.</summary>
internal enum Delivery
{
    /// <summary>QoS 0: written to the connection, no acknowledgement awaited.</summary>
    AtMostOnce,

    /// <summary>QoS 1: the publish completes when the broker has acknowledged it.</summary>
    AtLeastOnce,
}
