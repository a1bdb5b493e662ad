using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Implementations;
using MQTTnet.Packets;

namespace Telemetry.Mqtt;

/// <summary>
/// MQTTnet's own channel, except that the CONNECT packet announces a keep-alive of <see cref="Seconds"/> while the
/// client options keep MQTTnet's keep-alive task off.
/// </summary>
/// <remarks>
/// <para>
/// MQTTnet 5.2 (Source/MQTTnet/MqttClient.cs, TrySendKeepAliveMessages, tag v5.2.0) takes the announced period from
/// the same option that starts a task waking every 250 ms whatever the period; announcing 0 instead is refused by a
/// Mosquitto that sets <c>max_keepalive</c>: for an MQTT 3.1.1 client a keep-alive of 0 or above it gets "identifier
/// rejected" (eclipse/mosquitto src/handle_connect.c at fb9b115, v2.0.20, the <c>max_keepalive &amp;&amp;</c> test).
/// </para>
/// <para>
/// 10 s is the smallest value that needs no care: <see cref="ConnectionKeeper"/> pings every 5 s, so the broker
/// (which waits 1.5 × the keep-alive) hears from the add-on three times before it would drop it, and a broker sees a
/// vanished host within 15 s and publishes its will. Only a broker with <c>max_keepalive</c> under 10 refuses it,
/// which also refuses Mosquitto's own clients and Zigbee2MQTT (60 s).
/// </para>
/// </remarks>
internal sealed class AnnouncedKeepAlive : IMqttClientAdapterFactory
{
    public const ushort Seconds = 10;

    private readonly MqttClientAdapterFactory _inner = new();

    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger) =>
        new Adapter(_inner.CreateClientAdapter(options, packetInspector, logger));

    private sealed class Adapter(IMqttChannelAdapter inner) : DelegatingChannelAdapter(inner)
    {
        public override Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken)
        {
            if (packet is MqttConnectPacket connect)
            {
                connect.KeepAlivePeriod = Seconds;
            }

            return base.SendPacketAsync(packet, cancellationToken);
        }
    }
}
