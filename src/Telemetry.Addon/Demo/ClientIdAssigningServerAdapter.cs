using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Server;
using MQTTnet.Server.Internal.Adapter;

namespace Telemetry.Addon.Demo;

/// <summary>MQTTnet's TCP listener, with every connection passed through <see cref="ClientIdAssigningChannel"/>.</summary>
internal sealed class ClientIdAssigningServerAdapter : IMqttServerAdapter
{
    private readonly MqttTcpServerAdapter _tcp = new();

    public ClientIdAssigningServerAdapter() => _tcp.ClientHandler = channel => ClientHandler(new ClientIdAssigningChannel(channel));

    public Func<IMqttChannelAdapter, Task> ClientHandler { get; set; } = _ => Task.CompletedTask;

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger) => _tcp.StartAsync(options, logger);

    public Task StopAsync() => _tcp.StopAsync();

    public void Dispose() => _tcp.Dispose();
}
