using System.Text.Json;
using Microsoft.Extensions.Logging;
using Telemetry.Mqtt;

namespace Telemetry.HomeAssistant;

/// <summary>Watches the broker for the agent's own device discovery payload: is its device there, and does it still announce our entities?</summary>
/// <remarks>
/// <para>
/// The agent publishes its device (identifiers <c>[instance id]</c>) at <c>&lt;prefix&gt;/device/&lt;its device name&gt;/config</c>,
/// retained. Its built-in telemetry uses the same unique ids as this add-on (<c>&lt;instance id&gt;_&lt;key&gt;</c>), so
/// history carries over; but while the agent still announces them, Home Assistant keeps the agent's entities and
/// refuses ours ("Platform mqtt does not generate unique IDs"). That clash is logged once, with what to do, and
/// again only when it changes.
/// </para>
/// <para>
/// The add-on's device names the agent's as its <c>via_device</c> only while the agent's device is on the broker:
/// Home Assistant warns about a <c>via_device</c> it does not know.
/// </para>
/// </remarks>
internal sealed class AgentDeviceWatch(DeviceIdentity identity, Topics topics, SensorCatalog catalog, ILogger<AgentDeviceWatch> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IReadOnlyList<string>> _agentTopics = new(StringComparer.Ordinal);
    private string _reportedClash = "";

    /// <summary>Raised when <see cref="IsOnBroker"/> changes, so the discovery payload can follow.</summary>
    public Signal Changed { get; } = new();

    /// <summary>Whether a device payload with the agent's identifier is retained on the broker.</summary>
    public bool IsOnBroker
    {
        get
        {
            lock (_lock)
            {
                return _agentTopics.Count > 0;
            }
        }
    }

    public MqttSubscription Subscription => new(topics.DeviceDiscoveryFilter, OnMessage);

    private void OnMessage(MqttIncoming message)
    {
        // Every device-based publisher's payload comes by here; only one that mentions the instance id is parsed.
        if (message.Topic == topics.Discovery || (message.Payload.Length > 0 && !message.Payload.Contains(identity.InstanceId, StringComparison.Ordinal)))
        {
            return;
        }

        // An empty payload clears the topic: that device is gone.
        var clashes = message.Payload.Length == 0 ? null : AgentComponents(message.Payload);
        bool presenceChanged;
        string? newClash;
        lock (_lock)
        {
            var before = _agentTopics.Count > 0;
            if (clashes is null)
            {
                _agentTopics.Remove(message.Topic);
            }
            else
            {
                _agentTopics[message.Topic] = clashes;
            }

            presenceChanged = before != _agentTopics.Count > 0;
            var clash = string.Join(", ", _agentTopics.Values.SelectMany(c => c).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            newClash = clash == _reportedClash ? null : clash;
            _reportedClash = clash;
        }

        if (newClash is { Length: 0 })
        {
            Log.AgentTelemetryClashResolved(logger);
        }
        else if (newClash is not null)
        {
            Log.AgentTelemetryClash(logger, newClash.Split(", ").Length, newClash);
        }

        if (presenceChanged)
        {
            Changed.Raise();
        }
    }

    /// <summary>The keys of the components this add-on publishes that the agent's payload also carries; null when it is not the agent's device.</summary>
    private List<string>? AgentComponents(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !IsAgentDevice(root))
            {
                return null;
            }

            var clashes = new List<string>();
            if (Property(root, "components", "cmps") is { ValueKind: JsonValueKind.Object } components)
            {
                foreach (var component in components.EnumerateObject())
                {
                    if (component.Value.ValueKind == JsonValueKind.Object
                        && Property(component.Value, "unique_id", "uniq_id") is { ValueKind: JsonValueKind.String } uniqueId
                        && uniqueId.GetString() is { } text && OurKey(text) is { } key)
                    {
                        clashes.Add(key);
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

    private bool IsAgentDevice(JsonElement root) =>
        Property(root, "device", "dev") is { ValueKind: JsonValueKind.Object } device
        && Property(device, "identifiers", "ids") is { } identifiers
        && (identifiers.ValueKind == JsonValueKind.String
            ? identifiers.GetString() == identity.InstanceId
            : identifiers.ValueKind == JsonValueKind.Array && identifiers.EnumerateArray().Any(i => i.ValueKind == JsonValueKind.String && i.GetString() == identity.InstanceId));

    /// <summary>The key of one of our fixed sensors whose unique id this is (the agent's telemetry carries only fixed ones).</summary>
    private string? OurKey(string uniqueId)
    {
        var prefix = identity.UniqueId("");
        if (!uniqueId.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var key = uniqueId[prefix.Length..];
        return catalog.IsFixed(key) ? key : null;
    }

    private static JsonElement? Property(JsonElement element, string name, string abbreviation) =>
        element.TryGetProperty(name, out var value) || element.TryGetProperty(abbreviation, out value) ? value : null;
}
