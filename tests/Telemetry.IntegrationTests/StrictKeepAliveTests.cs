using MQTTnet;
using MQTTnet.Formatter;
using Telemetry.IntegrationTests.Infrastructure;
using Telemetry.Testing;

namespace Telemetry.IntegrationTests;

/// <summary>A real Mosquitto with <c>max_keepalive</c> set accepts the add-on.</summary>
public sealed class StrictKeepAliveTests(StrictKeepAliveMosquittoBroker broker) : IClassFixture<StrictKeepAliveMosquittoBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Connect_KeepAliveZero_IsRefusedByThisBroker()
    {
        // Given an MQTT 3.1.1 client that announces no keep-alive, as the add-on did before
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithKeepAlivePeriod(TimeSpan.Zero)
            .Build();

        // When it connects
        var result = await client.ConnectAsync(options);

        // Then the broker refuses it ("identifier rejected" in 3.1.1)
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, result.ResultCode);
    }

    [Fact]
    public async Task Start_BrokerWithMaxKeepAlive_AcceptsTheAddonAndGetsItsStates()
    {
        // Given an agent, and the add-on pointed at the strict broker
        await using var agent = await SeededAgent.CreateAsync();
        using var logs = new CapturedLogs();

        // When it starts
        await using var addon = await AddonHost.StartAsync(agent.Directory.Options(agent.Api.BaseUrl), broker, AddonEndToEndTests.StateDirectory(), logs: logs);

        // Then it connects and publishes its first cycle, with no refused connection on the way
        await logs.WaitForAsync(30, Bound);
        Assert.DoesNotContain(logs.Lines, l => l.EventId == 23);
    }
}
