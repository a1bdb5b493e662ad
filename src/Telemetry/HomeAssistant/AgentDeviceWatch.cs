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
internal sealed class AgentDeviceWatch(DeviceIdentitySource identity, Topics topics, SensorCatalog catalog, ILogger<AgentDeviceWatch> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IReadOnlyList<string>> _agentTopics = new(StringComparer.Ordinal);
    private readonly List<MqttIncoming> _beforeIdentity = [];
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

    /// <summary>Looks again at what came before the identity was fixed (over the agent's API, until the first publish).</summary>
    public void IdentityFixed()
    {
        List<MqttIncoming> waiting;
        lock (_lock)
        {
            waiting = [.. _beforeIdentity];
            _beforeIdentity.Clear();
        }

        waiting.ForEach(OnMessage);
    }

    private void OnMessage(MqttIncoming message)
    {
        if (message.Topic == topics.Discovery)
        {
            return;
        }

        if (identity.Current is not { } current)
        {
            WhileUnknown(message);
            return;
        }

        // Every device-based publisher's payload comes by here; only one that mentions the instance id is parsed.
        if (message.Payload.Length > 0 && !message.Payload.Contains(current.InstanceId, StringComparison.Ordinal))
        {
            return;
        }

        // An empty payload clears the topic: that device is gone.
        var clashes = message.Payload.Length == 0 ? null : AgentDevicePayload.OurComponents(message.Payload, current, catalog.IsFixed);
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

    /// <summary>Before the identity is fixed: the agent's own device at its usual topic tells its id; the rest waits.</summary>
    private void WhileUnknown(MqttIncoming message)
    {
        if (message.Topic == topics.AgentDeviceDiscovery && AgentDevicePayload.InstanceId(message.Payload) is { } agentId)
        {
            identity.AgentDeviceSeen(agentId);
        }

        lock (_lock)
        {
            if (identity.Current is null && message.Payload.Contains(AgentDevicePayload.Model, StringComparison.Ordinal))
            {
                _beforeIdentity.Add(message);
                return;
            }
        }

        if (identity.Current is not null)
        {
            OnMessage(message);
        }
    }
}
