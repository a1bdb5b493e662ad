using System.Text.Json;

namespace Telemetry.HomeAssistant;

/// <summary>Reads the agent's own device discovery payload: its instance id, and which of this add-on's entities it announces too.</summary>
/// <remarks>Full names and abbreviations both, as Home Assistant accepts either (the agent writes full names: thane-data-sources §5).</remarks>
internal static class AgentDevicePayload
{
    /// <summary>The model the agent's device block names (internal/channels/mqtt/device.go @3229ecc7).</summary>
    public const string Model = "Thane AI Agent";

    /// <summary>The first identifier of a device payload whose device is the agent's (its model); null for any other.</summary>
    public static string? InstanceId(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return Property(document.RootElement, "device", "dev") is { ValueKind: JsonValueKind.Object } device
                && Property(device, "model", "mdl") is { ValueKind: JsonValueKind.String } model && model.GetString() == Model
                && Property(device, "identifiers", "ids") is { } identifiers
                && (identifiers.ValueKind == JsonValueKind.String ? identifiers.GetString()
                    : identifiers.ValueKind == JsonValueKind.Array && identifiers.GetArrayLength() > 0 && identifiers[0].ValueKind == JsonValueKind.String ? identifiers[0].GetString()
                    : null) is { } id && InstanceIdentity.IsId(id)
                ? id
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The keys of this add-on's components that the payload also announces; null when it is not the agent's device.</summary>
    /// <param name="isOurs">Whether a key is one of this add-on's fixed sensors (the agent's telemetry carries only those).</param>
    public static List<string>? OurComponents(string payload, DeviceIdentity identity, Func<string, bool> isOurs)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !IsAgentDevice(root, identity))
            {
                return null;
            }

            var prefix = identity.UniqueId("");
            var clashes = new List<string>();
            if (Property(root, "components", "cmps") is { ValueKind: JsonValueKind.Object } components)
            {
                foreach (var component in components.EnumerateObject())
                {
                    if (component.Value.ValueKind == JsonValueKind.Object
                        && Property(component.Value, "unique_id", "uniq_id") is { ValueKind: JsonValueKind.String } uniqueId
                        && uniqueId.GetString() is { } text && text.StartsWith(prefix, StringComparison.Ordinal) && isOurs(text[prefix.Length..]))
                    {
                        clashes.Add(text[prefix.Length..]);
                    }
                }
            }

            return clashes;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsAgentDevice(JsonElement root, DeviceIdentity identity) =>
        Property(root, "device", "dev") is { ValueKind: JsonValueKind.Object } device
        && Property(device, "identifiers", "ids") is { } identifiers
        && (identifiers.ValueKind == JsonValueKind.String
            ? identifiers.GetString() == identity.InstanceId
            : identifiers.ValueKind == JsonValueKind.Array && identifiers.EnumerateArray().Any(i => i.ValueKind == JsonValueKind.String && i.GetString() == identity.InstanceId));

    private static JsonElement? Property(JsonElement element, string name, string abbreviation) =>
        element.TryGetProperty(name, out var value) || element.TryGetProperty(abbreviation, out value) ? value : null;
}
