namespace Telemetry.IntegrationTests.Infrastructure;

/// <summary>A broker that sets <c>max_keepalive</c> to its lowest useful value, as some hardened installs do.</summary>
/// <remarks>
/// Mosquitto then refuses an MQTT 3.1.1 client whose keep-alive is 0 or above the limit (eclipse/mosquitto
/// src/handle_connect.c at fb9b115, v2.0.20).
/// </remarks>
public sealed class StrictKeepAliveMosquittoBroker : MosquittoBroker
{
    public const int MaxKeepAlive = 10;

    public StrictKeepAliveMosquittoBroker()
        : base(null, $"max_keepalive {MaxKeepAlive}", [])
    {
    }
}
