using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace Telemetry.Addon.Demo;

/// <summary>One client's connection to the demo broker, giving an id to a clean-session client that sent none.</summary>
/// <remarks>
/// MQTT 3.1.1 (§3.1.3.1): a server may accept a zero-byte client id from a client that asks for a clean session,
/// and must then assign it a unique id; Mosquitto does, and <c>mosquitto_sub</c> relies on it. MQTTnet's server
/// assigns ids only to MQTT 5 clients and refuses the others ("identifier rejected"), so the demo assigns it here,
/// on the CONNECT packet, before the server sees it.
/// </remarks>
internal sealed class ClientIdAssigningChannel(IMqttChannelAdapter inner) : IMqttChannelAdapter
{
    public long BytesReceived => inner.BytesReceived;

    public long BytesSent => inner.BytesSent;

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        var packet = await inner.ReceivePacketAsync(cancellationToken);
        if (packet is MqttConnectPacket { CleanSession: true } connect && string.IsNullOrEmpty(connect.ClientId))
        {
            connect.ClientId = "demo-" + Guid.NewGuid().ToString("N")[..12];
        }

        return packet;
    }

    public void ResetStatistics() => inner.ResetStatistics();

    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) => inner.SendPacketAsync(packet, cancellationToken);

    public void Dispose() => inner.Dispose();
}
