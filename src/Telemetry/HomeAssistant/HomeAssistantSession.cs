using Telemetry.Mqtt;

namespace Telemetry.HomeAssistant;

/// <summary>The MQTT session the add-on presents: its client id, <c>offline</c> as its retained will, and what it listens to.</summary>
internal static class HomeAssistantSession
{
    public static MqttSession Create(string deviceName, Topics topics, BirthWatch births, AgentDeviceWatch agent) => new(
        MqttClientId.For(deviceName),
        WillTopic: topics.Availability,
        WillPayload: Availability.Offline,
        Subscriptions: [births.Subscription, agent.Subscription]);
}
