using Telemetry.Mqtt;

namespace Telemetry.Tests.Mqtt;

public sealed class MqttClientIdTests
{
    [Theory]
    [InlineData("aimee-thane", "thane-telemetry-aimee-thane")]
    [InlineData("a/b+c#d", "thane-telemetry-abcd")]
    public void ClientId_DeviceName_HasNoTopicCharactersAndIsStable(string deviceName, string expected)
    {
        var id = MqttClientId.For(deviceName);

        Assert.Equal(expected, id);
        Assert.Equal(-1, id.IndexOfAny(['/', '+', '#']));
    }
}
