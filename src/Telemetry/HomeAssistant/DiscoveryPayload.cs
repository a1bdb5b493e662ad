using System.Text.Json.Serialization;

namespace Telemetry.HomeAssistant;

/// <summary>Home Assistant's device-based discovery payload (<c>&lt;prefix&gt;/device/&lt;node&gt;/config</c>).</summary>
internal sealed record DiscoveryPayload(
    [property: JsonPropertyName("device")] DeviceBlock Device,
    [property: JsonPropertyName("origin")] OriginBlock Origin,
    [property: JsonPropertyName("components")] IReadOnlyDictionary<string, ComponentConfig> Components);

/// <summary>Home Assistant validates this block strictly: an unknown key rejects the whole payload.</summary>
internal sealed record DeviceBlock(
    [property: JsonPropertyName("identifiers")] IReadOnlyList<string> Identifiers,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("manufacturer")] string Manufacturer,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("sw_version")] string SwVersion,
    [property: JsonPropertyName("serial_number")] string SerialNumber,
    [property: JsonPropertyName("via_device")] string? ViaDevice,
    [property: JsonPropertyName("configuration_url")] string? ConfigurationUrl);

internal sealed record OriginBlock(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sw_version")] string SwVersion,
    [property: JsonPropertyName("support_url")] string SupportUrl);

internal sealed record AvailabilityEntry([property: JsonPropertyName("topic")] string Topic);

/// <summary>One component. A component with only <see cref="Platform"/> tells Home Assistant to remove it.</summary>
internal sealed record ComponentConfig(
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("name")] string? Name = null,
    [property: JsonPropertyName("unique_id")] string? UniqueId = null,
    [property: JsonPropertyName("default_entity_id")] string? DefaultEntityId = null,
    [property: JsonPropertyName("state_topic")] string? StateTopic = null,
    [property: JsonPropertyName("json_attributes_topic")] string? JsonAttributesTopic = null,
    [property: JsonPropertyName("availability")] IReadOnlyList<AvailabilityEntry>? Availability = null,
    [property: JsonPropertyName("availability_mode")] string? AvailabilityMode = null,
    [property: JsonPropertyName("icon")] string? Icon = null,
    [property: JsonPropertyName("device_class")] string? DeviceClass = null,
    [property: JsonPropertyName("unit_of_measurement")] string? UnitOfMeasurement = null,
    [property: JsonPropertyName("state_class")] string? StateClass = null,
    [property: JsonPropertyName("entity_category")] string? EntityCategory = null,
    [property: JsonPropertyName("enabled_by_default")] bool? EnabledByDefault = null,
    [property: JsonPropertyName("suggested_display_precision")] int? SuggestedDisplayPrecision = null,
    [property: JsonPropertyName("value_template")] string? ValueTemplate = null,
    [property: JsonPropertyName("last_reset_value_template")] string? LastResetValueTemplate = null,
    [property: JsonPropertyName("options")] IReadOnlyList<string>? Options = null);

/// <summary>Per-model usage, the attributes of <c>tokens_24h_cost</c> (same shape as the agent's).</summary>
internal sealed record ModelTokens(
    [property: JsonPropertyName("input")] long Input,
    [property: JsonPropertyName("output")] long Output,
    [property: JsonPropertyName("cost")] double Cost);
