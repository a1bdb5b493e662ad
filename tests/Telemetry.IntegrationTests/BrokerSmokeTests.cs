using Telemetry.IntegrationTests.Infrastructure;

namespace Telemetry.IntegrationTests;

/// <summary>Checks the broker fixture itself: retention works, and a restart starts empty.</summary>
public sealed class BrokerSmokeTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Broker_RetainedMessage_IsDeliveredToLateSubscriber()
    {
        // Given a retained message published before anyone subscribed
        var topic = UniqueTopic();
        await PublishAsync(topic, "retained-payload", retain: true);

        // When a new client subscribes
        await using var subscriber = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await subscriber.SubscribeAsync(topic);

        // Then the broker delivers the retained message to it
        var message = await subscriber.WaitForAsync(m => m.Topic == topic, Bound);
        Assert.Equal("retained-payload", message.Payload);
        Assert.True(message.Retain);
    }

    [Fact]
    public async Task Broker_Restart_LosesRetainedMessages()
    {
        // Given a retained message the broker is seen to hold
        var root = UniqueTopic();
        var retainedTopic = $"{root}/state";
        await PublishAsync(retainedTopic, "before-restart", retain: true);
        await using (var witness = await MqttProbe.ConnectAsync(broker.Host, broker.Port))
        {
            await witness.SubscribeAsync(retainedTopic);
            await witness.WaitForAsync(m => m.Topic == retainedTopic && m.Retain, Bound);
        }

        // When the broker restarts
        await broker.RestartAsync();

        // Then a new subscriber receives nothing retained: the broker sends retained messages right
        // after acknowledging a subscription, so all of them arrive before a sentinel published later
        await using var subscriber = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await subscriber.SubscribeAsync($"{root}/#");
        var sentinelTopic = $"{root}/sentinel";
        await PublishAsync(sentinelTopic, "after-restart", retain: false);
        await subscriber.WaitForAsync(m => m.Topic == sentinelTopic, Bound);
        Assert.Equal([sentinelTopic], subscriber.Messages.Select(m => m.Topic));
    }

    private static string UniqueTopic() => $"telemetry-test/{Guid.NewGuid():N}";

    private async Task PublishAsync(string topic, string payload, bool retain)
    {
        await using var publisher = await MqttProbe.ConnectAsync(broker.Host, broker.Port);
        await publisher.PublishAsync(topic, payload, retain);
    }
}
