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
            // No MQTT keep-alive: MQTTnet's keep-alive task wakes every 250 ms whatever the period (40 wake-ups in a
            // 10 s cycle, each a timer and a thread-pool hop), which was most of an idle add-on's CPU time
            // (BENCHMARKS.md §6). ConnectionKeeper pings the broker itself instead, so a silent broker is still noticed.
            // Given up: the broker no longer drops this client for silence, so if the add-on's host vanishes without
            // closing the connection (power cut, network gone) the retained will comes only when the broker's TCP gives
            // up; a stopped or crashed add-on closes its socket, and the will is immediate.
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
