using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Telemetry.Options;

namespace Telemetry.Mqtt;

/// <summary>The MQTTnet client options for one connect: MQTT 3.1.1, a clean session, the session's retained will.</summary>
/// <remarks>3.1.1 because the Supervisor's MQTT service cannot advertise MQTT 5 (its schema has only "3.1" and "3.1.1").</remarks>
internal static class MqttClientSettings
{
    public static MqttClientOptions For(BrokerOptions broker, MqttSession session, TimeSpan connectTimeout)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(session.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession()
            // MQTTnet's keep-alive task off (it wakes every 250 ms whatever the period: 40 wake-ups in a 10 s cycle, most
            // of an idle add-on's CPU time, BENCHMARKS.md §6); ConnectionKeeper pings instead, and the CONNECT packet
            // still announces a keep-alive brokers accept (AnnouncedKeepAlive).
            .WithKeepAlivePeriod(TimeSpan.Zero)
            .WithTimeout(connectTimeout)
            .WithWillTopic(session.WillTopic)
            .WithWillPayload(Encoding.UTF8.GetBytes(session.WillPayload))
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (broker.Username is not null)
        {
            builder.WithCredentials(broker.Username, broker.Password);
        }

        if (broker.UseTls)
        {
            // No revocation check: home brokers use private CAs or self-made chains without a reachable CRL or OCSP.
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithRevocationMode(X509RevocationMode.NoCheck);
                if (broker.CaFile is { } caFile)
                {
                    // A private certificate authority (Mosquitto's cafile, Zigbee2MQTT's mqtt.ca): the broker's chain
                    // may end at it, checked at start and read again at each connect (a renewed file is taken).
                    tls.WithTrustChain(BrokerCertificates.Load(caFile));
                }
            });
        }

        return builder.Build();
    }
}
