namespace Telemetry.HomeAssistant;

/// <summary>Who the add-on publishes as.</summary>
/// <param name="InstanceId">The agent's instance id (or the add-on's own fallback); prefix of every unique id.</param>
/// <param name="DeviceName">The Home Assistant device name and topic segment.</param>
/// <param name="Version">The add-on's version.</param>
/// <param name="ConfigurationUrl">The agent's API (<c>agent_url</c>), linked from the device page.</param>
internal sealed record DeviceIdentity(string InstanceId, string DeviceName, string Version, Uri? ConfigurationUrl = null)
{
    public const string SupportUrl = "https://github.com/thane-telemetry/telemetry";

    public string UniqueId(string suffix) => $"{InstanceId}_{suffix}";

    /// <summary>The entity id the agent's own telemetry produced (<c>object_id</c> = device name with '-' as '_'), so history carries over.</summary>
    public string DefaultEntityId(string platform, string key) => DefaultEntityId(DeviceName, platform, key);

    /// <inheritdoc cref="DefaultEntityId(string, string)"/>
    public static string DefaultEntityId(string deviceName, string platform, string key) => $"{platform}.{deviceName.Replace('-', '_').ToLowerInvariant()}_{key}";
}
