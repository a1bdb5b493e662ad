using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.HomeAssistant;
using Telemetry.Mqtt;

namespace Telemetry.Testing;

/// <summary>The add-on's real Home Assistant side (discovery, publisher), built without the host, for one device.</summary>
internal sealed class TestHomeAssistant
{
    public TestHomeAssistant(IMqttSink sink, string instanceId = "instance", string deviceName = "thane", string? stateDirectory = null)
    {
        Identities = TestIdentity.Source(instanceId, deviceName);
        Topics = new Topics("homeassistant", deviceName);
        Catalog = TestCatalog.Create();
        AgentDevice = new AgentDeviceWatch(Identities, Topics, Catalog, NullLogger<AgentDeviceWatch>.Instance);
        Discovery = new DiscoveryBuilder(Identities, Topics, AgentDevice);
        Publisher = CreatePublisher(sink, stateDirectory);
    }

    public DeviceIdentitySource Identities { get; }

    public DeviceIdentity Identity => Identities.Fixed;

    public Topics Topics { get; }

    public SensorCatalog Catalog { get; }

    public AgentDeviceWatch AgentDevice { get; }

    public DiscoveryBuilder Discovery { get; }

    public TelemetryPublisher Publisher { get; }

    /// <summary>A publisher for the same device, as after a restart of the add-on (with the same state folder, a fresh catalogue and a fresh memory of what was sent).</summary>
    public TelemetryPublisher CreatePublisher(IMqttSink sink, string? stateDirectory)
    {
        var catalog = TestCatalog.Create();
        return new TelemetryPublisher(
            new PublishedMessages(sink),
            Topics,
            catalog,
            Identities,
            AgentDevice,
            Discovery,
            new DiscoveryCache(Discovery, AgentDevice),
            new Announcements(Memory(stateDirectory, catalog)),
            NullLogger<TelemetryPublisher>.Instance);
    }

    /// <summary>The memory of announced components in <paramref name="stateDirectory"/> (none for null).</summary>
    public static ComponentMemory Memory(string? stateDirectory, SensorCatalog catalog) =>
        new(stateDirectory is null ? null : Path.Combine(stateDirectory, ComponentMemory.FileName), catalog, NullLogger<ComponentMemory>.Instance);

    /// <summary>Delivers a message as the broker would to the add-on's subscriptions.</summary>
    public void Deliver(string topic, string payload) =>
        AgentDevice.Subscription.OnMessage(new MqttIncoming(topic, payload));
}
