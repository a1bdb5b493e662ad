using Telemetry.Mqtt;

namespace Telemetry.Tests.Mqtt;

public sealed class MqttClientIdTests
{
    [Theory]
    [InlineData("01970000-aaaa-7bbb-8ccc-000000000001", "thane-telemetry-01970000aaaa")]
    [InlineData("a/b+c#d", "thane-telemetry-abcd")]
    public void ClientId_InstanceId_HasNoTopicCharactersAndIsStable(string instanceId, string expected)
    {
        var id = MqttClientId.For(instanceId);

        Assert.Equal(expected, id);
        Assert.Equal(-1, id.IndexOfAny(['/', '+', '#']));
    }
}
