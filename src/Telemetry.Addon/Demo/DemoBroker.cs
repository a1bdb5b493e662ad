using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace Telemetry.Addon.Demo;

/// <summary>An embedded MQTT broker on 127.0.0.1:1883 for the demo, when no broker is configured.</summary>
/// <remarks>It accepts what Mosquitto accepts from a tool a newcomer points at it (<c>mosquitto_sub -t '#' -v</c>): see <see cref="ClientIdAssigningChannel"/>.</remarks>
internal sealed class DemoBroker : IAsyncDisposable
{
    public const int Port = 1883;

    private readonly MqttServer _server;

    private DemoBroker(MqttServer server) => _server = server;

    /// <exception cref="InvalidOperationException">The port is taken; the message says what to do.</exception>
    public static async Task<DemoBroker> StartAsync(int port = Port)
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options, [new ClientIdAssigningServerAdapter()]);
        try
        {
            await server.StartAsync();
            return new DemoBroker(server);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            server.Dispose();
            throw new InvalidOperationException(
                $"127.0.0.1:{port} is already in use. Stop that broker, or use it: put {{\"mqtt_host\": \"127.0.0.1\"}} in a file and pass --options FILE --demo.", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }
}
