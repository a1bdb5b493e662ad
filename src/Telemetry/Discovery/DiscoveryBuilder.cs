using System.Text.Json;

namespace Telemetry.Discovery;

/// <summary>Builds the device discovery payload for a set of sensors.</summary>
internal sealed class DiscoveryBuilder(DeviceIdentity identity, Topics topics)
{
    /// <param name="sensors">The sensors that exist now.</param>
    /// <param name="removed">Suffixes to announce as removed (a component with only its platform).</param>
    public string Build(IReadOnlyList<SensorDefinition> sensors, IReadOnlyCollection<string> removed)
    {
        var components = new Dictionary<string, ComponentConfig>(sensors.Count + removed.Count, StringComparer.Ordinal);
        foreach (var sensor in sensors)
        {
            components[sensor.Suffix] = Component(sensor);
        }

        foreach (var suffix in removed)
        {
            components.TryAdd(suffix, new ComponentConfig("sensor"));
        }

        var payload = new DiscoveryPayload(
            new DeviceBlock(
                Identifiers: [$"{identity.InstanceId}_telemetry"],
                Name: identity.DeviceName,
                Manufacturer: "Thane Telemetry",
                Model: "Thane AI agent telemetry",
                SwVersion: identity.Version,
                SerialNumber: identity.InstanceId,
                ViaDevice: identity.InstanceId),
            new OriginBlock("Thane Telemetry", identity.Version, DeviceIdentity.SupportUrl),
            components);
        return JsonSerializer.Serialize(payload, DiscoveryJsonContext.Default.DiscoveryPayload);
    }

    private ComponentConfig Component(SensorDefinition sensor) => new(
        Platform: "sensor",
        Name: sensor.Name,
        UniqueId: identity.UniqueId(sensor.Suffix),
        DefaultEntityId: identity.DefaultEntityId(sensor.Suffix),
        StateTopic: topics.State(sensor.Suffix),
        JsonAttributesTopic: sensor.Attributes is null ? null : topics.Attributes(sensor.Suffix),
        // Both must be online: the add-on itself, and the source this sensor reads.
        Availability: [new AvailabilityEntry(topics.Availability), new AvailabilityEntry(topics.SourceAvailability(sensor.Source))],
        AvailabilityMode: "all",
        Icon: sensor.Icon,
        DeviceClass: sensor.DeviceClass,
        UnitOfMeasurement: sensor.Unit,
        StateClass: sensor.StateClass,
        EntityCategory: sensor.Diagnostic ? "diagnostic" : null,
        SuggestedDisplayPrecision: sensor.DisplayPrecision);
}
