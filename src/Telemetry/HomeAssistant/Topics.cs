using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>Every MQTT topic the add-on uses, built in one place.</summary>
/// <remarks>
/// The base is <c>thane-telemetry/&lt;device&gt;</c> and the discovery node is <c>&lt;device&gt;_telemetry</c>, so the
/// add-on never overwrites the topics of the agent's own MQTT publisher (<c>thane/&lt;device&gt;</c>).
/// </remarks>
internal sealed class Topics(string discoveryPrefix, string deviceName)
{
    public string Base { get; } = $"thane-telemetry/{deviceName}";

    /// <summary>The add-on's own availability; its retained last will is <c>offline</c>.</summary>
    public string Availability => $"{Base}/availability";

    /// <summary>The one device-based discovery payload.</summary>
    public string Discovery { get; } = $"{discoveryPrefix}/device/{deviceName}_telemetry/config";

    /// <summary>Where the agent announces its own device when its <c>mqtt.device_name</c> is this device name, as the migration asks.</summary>
    public string AgentDeviceDiscovery { get; } = $"{discoveryPrefix}/device/{deviceName}/config";

    /// <summary>Every device-based discovery payload on the broker (the agent's among them).</summary>
    public string DeviceDiscoveryFilter { get; } = $"{discoveryPrefix}/device/+/config";

    /// <summary>Home Assistant's birth and last-will topic.</summary>
    public string HomeAssistantStatus { get; } = $"{discoveryPrefix}/status";

    public string SourceAvailability(SourceKey source) => $"{Base}/{source.Name}/availability";

    public string State(string suffix) => $"{Base}/{suffix}/state";

    public string Attributes(string suffix) => $"{Base}/{suffix}/attributes";
}
