using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Formatter;
using Telemetry.Addon.Demo;

namespace Telemetry.Tests.Addon.Demo;

/// <summary>The demo's embedded broker takes the clients a newcomer points at it, as Mosquitto does.</summary>
public sealed class DemoBrokerTests
{
    [Fact]
    public async Task Connect_EmptyClientIdWithCleanSession_IsAcceptedAsMosquittoDoes()
    {
        // Given the demo broker (on a free port, not the demo's 1883)
        var port = FreePort();
        await using var broker = await DemoBroker.StartAsync(port);
        using var client = new MqttClientFactory().CreateMqttClient();

        // When an MQTT 3.1.1 client connects without an id, asking for a clean session (mosquitto_sub's default)
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId("")
            .WithCleanSession()
            .Build());

        // Then it is connected, not refused with "identifier rejected"
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        Assert.True(client.IsConnected);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
