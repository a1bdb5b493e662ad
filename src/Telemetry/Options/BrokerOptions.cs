namespace Telemetry.Options;

/// <summary>Broker connection settings, from the options or from the Supervisor's MQTT service.</summary>
/// <param name="CaFile">A PEM file of the certificate authority the broker's certificate is trusted by, beside the system's; null for the system's alone.</param>
internal sealed record BrokerOptions(string Host, int Port, string? Username, string? Password, bool UseTls, string? CaFile = null)
{
    /// <summary>The standard port for the connection kind.</summary>
    public static int DefaultPort(bool useTls) => useTls ? 8883 : 1883;

    /// <summary>Never prints the password, so the record is safe to log.</summary>
    public override string ToString() =>
        $"{(UseTls ? "mqtts" : "mqtt")}://{(Username is null ? "" : Username + "@")}{Host}:{Port}";
}
