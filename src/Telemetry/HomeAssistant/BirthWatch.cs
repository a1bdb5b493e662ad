using Microsoft.Extensions.Logging;
using Telemetry.Mqtt;

namespace Telemetry.HomeAssistant;

/// <summary>Listens for Home Assistant's birth message (<c>&lt;prefix&gt;/status</c> = <c>online</c>) and raises <see cref="Births"/>.</summary>
/// <remarks>
/// Home Assistant sends its birth after a restart (not retained), and only then re-reads discovery and subscribes to
/// states: everything must be published again. A burst of births collapses into one signal.
/// </remarks>
internal sealed class BirthWatch(Topics topics, ILogger<BirthWatch> logger)
{
    public Signal Births { get; } = new();

    public MqttSubscription Subscription => new(topics.HomeAssistantStatus, OnMessage);

    private void OnMessage(MqttIncoming message)
    {
        if (message.Payload == Availability.Online)
        {
            Log.HomeAssistantBirth(logger);
            Births.Raise();
        }
    }
}
