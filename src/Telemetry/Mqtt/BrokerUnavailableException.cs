namespace Telemetry.Mqtt;

/// <summary>A publish failed because the broker connection is gone; everything is re-sent on reconnect.</summary>
internal sealed class BrokerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
