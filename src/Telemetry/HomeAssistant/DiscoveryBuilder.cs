using System.Text.Json;

namespace Telemetry.HomeAssistant;

/// <summary>Builds the device discovery payload for a set of sensors.</summary>
internal sealed class DiscoveryBuilder(DeviceIdentitySource identities, Topics topics, AgentDeviceWatch agent)
{
    /// <param name="sensors">The sensors that exist now.</param>
    /// <param name="removed">Components to announce as removed (a component with only its platform).</param>
    /// <remarks>Only once the identity is fixed (<see cref="DeviceIdentitySource.ResolveAsync"/>).</remarks>
    public string Build(IReadOnlyList<Sensor> sensors, IReadOnlyCollection<Component> removed)
    {
        var identity = identities.Fixed;
        var components = new Dictionary<string, ComponentConfig>(sensors.Count + removed.Count, StringComparer.Ordinal);
        foreach (var sensor in sensors)
        {
            components[sensor.Key] = Component(sensor, identity);
        }

        foreach (var component in removed)
        {
            components.TryAdd(component.Key, new ComponentConfig(component.Platform));
        }

        var payload = new DiscoveryPayload(
            new DeviceBlock(
                Identifiers: [$"{identity.InstanceId}_telemetry"],
                Name: identity.DeviceName,
                Manufacturer: "Thane Telemetry",
                Model: "Thane AI agent telemetry",
                SwVersion: identity.Version,
                SerialNumber: identity.InstanceId,
                // Home Assistant warns about a via_device it does not know: name the agent's only while it is there.
                ViaDevice: agent.IsOnBroker ? identity.InstanceId : null,
                ConfigurationUrl: identity.ConfigurationUrl?.ToString()),
            new OriginBlock("Thane Telemetry", identity.Version, DeviceIdentity.SupportUrl),
            components);
        return JsonSerializer.Serialize(payload, HomeAssistantJsonContext.Default.DiscoveryPayload);
    }

    private ComponentConfig Component(Sensor sensor, DeviceIdentity identity) => new(
        Platform: sensor.Platform,
        Name: sensor.Name,
        UniqueId: identity.UniqueId(sensor.Key),
        DefaultEntityId: identity.DefaultEntityId(sensor.Platform, sensor.Key),
        StateTopic: topics.State(sensor.Key),
        JsonAttributesTopic: sensor.HasAttributes ? topics.Attributes(sensor.Key) : null,
        // Both must be online: the add-on itself, and the source this sensor reads (if any).
        Availability: sensor.Source is { } source
            ? [new AvailabilityEntry(topics.Availability), new AvailabilityEntry(topics.SourceAvailability(source))]
            : [new AvailabilityEntry(topics.Availability)],
        AvailabilityMode: "all",
        Icon: sensor.Icon,
        DeviceClass: sensor.DeviceClass,
        UnitOfMeasurement: sensor.Unit,
        StateClass: sensor.StateClass,
        EntityCategory: sensor.Diagnostic ? "diagnostic" : null,
        EnabledByDefault: sensor.EnabledByDefault ? null : false,
        SuggestedDisplayPrecision: sensor.DisplayPrecision,
        ValueTemplate: sensor.ValueTemplate,
        LastResetValueTemplate: sensor.LastResetValueTemplate,
        Options: sensor.Options);
}
