namespace Telemetry.HomeAssistant;

/// <summary>The templates that read a state written by <see cref="StateText.WithLastReset"/>.</summary>
internal static class SensorTemplates
{
    public const string Value = "{{ value_json.value }}";

    /// <summary>Home Assistant accepts it only with <c>state_class: total</c> (mqtt/sensor.py, <c>validate_sensor_state_and_device_class_config</c>).</summary>
    public const string LastReset = "{{ value_json.last_reset }}";
}
