using System.Text.Json;
using System.Text.RegularExpressions;

namespace Telemetry.Testing;

/// <summary>
/// What Home Assistant's MQTT discovery rejects or warns about for a device payload of sensors and binary sensors
/// (reference home-assistant-addon-and-mqtt.md §3.2-3.5, §3.9): each rule returns a message when broken.
/// </summary>
/// <remarks>
/// Checked against home-assistant/core through the code index (December 2026):
/// <c>homeassistant/components/sensor/const.py</c> (<c>DEVICE_CLASS_UNITS</c> has no entry for <c>monetary</c>, whose
/// unit is any ISO 4217 code; <c>DEVICE_CLASS_STATE_CLASSES</c> gives <c>monetary</c> only <c>total</c>, and
/// <c>timestamp</c>, <c>date</c> and <c>enum</c> none; those three are <c>NON_NUMERIC_DEVICE_CLASSES</c>, without unit);
/// <c>homeassistant/components/mqtt/sensor.py</c> (<c>validate_sensor_state_and_device_class_config</c>:
/// <c>last_reset_value_template</c> only with <c>state_class: total</c>; <c>options</c> non-empty, only with
/// <c>device_class: enum</c> and without state class or unit); <c>homeassistant/components/binary_sensor</c>
/// (<c>problem</c>: on means a problem).
/// </remarks>
internal static partial class HomeAssistantRules
{
    private static readonly HashSet<string> DeviceKeys =
        ["identifiers", "connections", "manufacturer", "model", "model_id", "name", "hw_version", "serial_number", "sw_version", "via_device", "suggested_area", "configuration_url"];

    private static readonly HashSet<string> OriginKeys = ["name", "sw_version", "support_url"];

    private static readonly HashSet<string> StateClasses = ["measurement", "measurement_angle", "total", "total_increasing"];

    /// <summary>The units HA accepts per device class (the classes this add-on may use; others are rejected here).</summary>
    private static readonly Dictionary<string, HashSet<string>> DeviceClassUnits = new()
    {
        ["data_size"] = ["bit", "kbit", "Mbit", "Gbit", "B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"],
        ["duration"] = ["d", "h", "min", "s", "ms", "µs"],
        ["monetary"] = [],
        ["enum"] = [],
        ["timestamp"] = [],
    };

    /// <summary>State classes a device class allows without a warning; absent means any.</summary>
    private static readonly Dictionary<string, HashSet<string>> DeviceClassStateClasses = new()
    {
        ["monetary"] = ["total"],
        ["enum"] = [],
        ["timestamp"] = [],
    };

    /// <summary>Sensor device classes whose state is not a number: no unit, no state class.</summary>
    private static readonly HashSet<string> NonNumericDeviceClasses = ["date", "enum", "timestamp"];

    /// <summary>The binary sensor device classes this add-on may use (others are rejected here).</summary>
    private static readonly HashSet<string> BinarySensorDeviceClasses = ["problem", "connectivity", "running"];

    public static IReadOnlyList<string> Check(string topic, string json)
    {
        var problems = new List<string>();
        if (!DiscoveryTopic().IsMatch(topic))
        {
            problems.Add($"illegal discovery topic {topic}");
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("device", out var device) || device.ValueKind != JsonValueKind.Object)
        {
            problems.Add("no device block");
        }
        else
        {
            problems.AddRange(device.EnumerateObject().Where(p => !DeviceKeys.Contains(p.Name)).Select(p => $"device has extra key {p.Name}"));
            if (!device.TryGetProperty("identifiers", out var ids) || ids.GetArrayLength() == 0)
            {
                problems.Add("device has no identifiers");
            }

            if (!device.TryGetProperty("name", out _))
            {
                problems.Add("device has no name");
            }
        }

        if (!root.TryGetProperty("origin", out var origin) || !origin.TryGetProperty("name", out _))
        {
            problems.Add("origin without name");
        }
        else
        {
            problems.AddRange(origin.EnumerateObject().Where(p => !OriginKeys.Contains(p.Name)).Select(p => $"origin has extra key {p.Name}"));
        }

        if (!root.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Object)
        {
            problems.Add("no components");
            return problems;
        }

        var uniqueIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in components.EnumerateObject())
        {
            problems.AddRange(CheckComponent(component.Name, component.Value, uniqueIds));
        }

        return problems;
    }

    private static IEnumerable<string> CheckComponent(string key, JsonElement c, HashSet<string> uniqueIds)
    {
        string? Text(string name) => c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        var platform = Text("platform");
        if (platform is not ("sensor" or "binary_sensor"))
        {
            yield return $"{key}: platform is not sensor or binary_sensor";
        }

        if (c.EnumerateObject().Count() == 1)
        {
            yield break; // a removal: platform only
        }

        if (platform == "binary_sensor")
        {
            foreach (var problem in CheckBinarySensor(key, c))
            {
                yield return problem;
            }
        }

        var uniqueId = Text("unique_id");
        if (string.IsNullOrEmpty(uniqueId) || !uniqueIds.Add(uniqueId))
        {
            yield return $"{key}: missing or duplicate unique_id";
        }

        var stateTopic = Text("state_topic");
        if (string.IsNullOrEmpty(stateTopic) || stateTopic.IndexOfAny(['+', '#']) >= 0)
        {
            yield return $"{key}: bad state_topic {stateTopic}";
        }

        if (c.TryGetProperty("object_id", out _))
        {
            yield return $"{key}: object_id is ignored since HA 2026.4; use default_entity_id";
        }

        if (Text("default_entity_id") is not { } entityId || !EntityId().IsMatch(entityId) || !entityId.StartsWith(platform + ".", StringComparison.Ordinal))
        {
            yield return $"{key}: bad default_entity_id (its domain must be the platform)";
        }

        if (Text("icon") is { } icon && !Icon().IsMatch(icon))
        {
            yield return $"{key}: icon not prefix:name";
        }

        if (Text("entity_category") is { } category && category != "diagnostic")
        {
            yield return $"{key}: sensors may only be diagnostic, not {category}";
        }

        var stateClass = Text("state_class");
        if (stateClass is not null && !StateClasses.Contains(stateClass))
        {
            yield return $"{key}: unknown state_class {stateClass}";
        }

        var unit = Text("unit_of_measurement");
        if (platform == "sensor" && Text("device_class") is { } deviceClass)
        {
            if (!DeviceClassUnits.TryGetValue(deviceClass, out var units))
            {
                yield return $"{key}: device_class {deviceClass} not vetted";
            }
            else if (units.Count > 0 && (unit is null || !units.Contains(unit)))
            {
                yield return $"{key}: unit {unit} is not valid together with device class {deviceClass}";
            }

            if (stateClass is not null && DeviceClassStateClasses.TryGetValue(deviceClass, out var allowed) && !allowed.Contains(stateClass))
            {
                yield return $"{key}: state class {stateClass} impossible for device class {deviceClass}";
            }
        }

        if (stateClass == "measurement_angle" && unit != "°")
        {
            yield return $"{key}: measurement_angle needs °";
        }

        if (platform == "sensor" && Text("device_class") is { } textClass && NonNumericDeviceClasses.Contains(textClass) && (unit is not null || stateClass is not null))
        {
            yield return $"{key}: device class {textClass} takes no unit and no state class";
        }

        if (c.TryGetProperty("last_reset_value_template", out _) && stateClass != "total")
        {
            yield return $"{key}: last_reset_value_template needs state_class total, not {stateClass}";
        }

        if (c.TryGetProperty("options", out var options))
        {
            if (options.ValueKind != JsonValueKind.Array || options.GetArrayLength() == 0)
            {
                yield return $"{key}: options must be a non-empty list";
            }

            if (Text("device_class") != "enum" || stateClass is not null || unit is not null)
            {
                yield return $"{key}: options only with device_class enum, without state class or unit";
            }
        }
        else if (Text("device_class") == "enum")
        {
            yield return $"{key}: an enum sensor needs its options";
        }

        if (!c.TryGetProperty("availability", out var availability) || availability.EnumerateArray().Any(a => !a.TryGetProperty("topic", out _)))
        {
            yield return $"{key}: availability entries need a topic";
        }

        if (Text("availability_mode") is { } mode && mode is not ("all" or "any" or "latest"))
        {
            yield return $"{key}: bad availability_mode";
        }

        if (Text("name") is { Length: > 255 })
        {
            yield return $"{key}: name too long";
        }
    }

    private static IEnumerable<string> CheckBinarySensor(string key, JsonElement c)
    {
        if (c.TryGetProperty("device_class", out var deviceClass) && !BinarySensorDeviceClasses.Contains(deviceClass.GetString() ?? ""))
        {
            yield return $"{key}: binary sensor device_class {deviceClass} not vetted";
        }

        foreach (var option in new[] { "state_class", "unit_of_measurement", "options", "last_reset_value_template", "suggested_display_precision" })
        {
            if (c.TryGetProperty(option, out _))
            {
                yield return $"{key}: a binary sensor has no {option}";
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*/device/[A-Za-z0-9_-]+/config$")]
    private static partial Regex DiscoveryTopic();

    [GeneratedRegex("^(sensor|binary_sensor)\\.[a-z0-9_]+$")]
    private static partial Regex EntityId();

    [GeneratedRegex("^[a-z0-9_-]+:[a-z0-9_-]+$")]
    private static partial Regex Icon();
}
