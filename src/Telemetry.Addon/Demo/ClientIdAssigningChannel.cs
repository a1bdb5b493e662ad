using MQTTnet.Adapter;
using MQTTnet.Packets;
using Telemetry.Mqtt;

namespace Telemetry.Addon.Demo;

/// <summary>One client's connection to the demo broker, giving an id to a clean-session client that sent none.</summary>
/// <remarks>
/// MQTT 3.1.1 (§3.1.3.1): a server may accept a zero-byte client id from a client that asks for a clean session,
/// and must then assign it a unique id; Mosquitto does, and <c>mosquitto_sub</c> relies on it. MQTTnet's server
/// assigns ids only to MQTT 5 clients and refuses the others ("identifier rejected"), so the demo assigns it here,
/// on the CONNECT packet, before the server sees it.
/// </remarks>
internal sealed class ClientIdAssigningChannel(IMqttChannelAdapter inner) : DelegatingChannelAdapter(inner)
{
    public override async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        var packet = await base.ReceivePacketAsync(cancellationToken);
        if (packet is MqttConnectPacket { CleanSession: true } connect && string.IsNullOrEmpty(connect.ClientId))
        {
            connect.ClientId = "demo-" + Guid.NewGuid().ToString("N")[..12];
        }

        return packet;
    }
}
