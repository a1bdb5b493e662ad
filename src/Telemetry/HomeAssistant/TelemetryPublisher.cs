using Microsoft.Extensions.Logging;
using Telemetry.Collection;
using Telemetry.Mqtt;
using Telemetry.Sources;
using Telemetry.Sources.Loops;

namespace Telemetry.HomeAssistant;

/// <summary>Turns a snapshot into retained MQTT messages: discovery, states, per-source and add-on availability.</summary>
/// <remarks>
/// <see cref="PublishMode.Changes"/> sends only what differs from what this publisher last sent;
/// <see cref="PublishMode.Everything"/> sends it all again, for a broker that may have lost its retained messages.
/// An entity that appears is in the discovery payload of the same cycle; one that disappears is first announced as
/// removed (a component with only its platform, the only form Home Assistant unloads), then left out, and its
/// retained state is cleared. What was announced is remembered across restarts (<see cref="ComponentMemory"/>), so
/// an entity that vanished while the add-on was stopped is removed too; one whose source cannot be read now is kept
/// (shown unavailable) until the source says whether it still exists.
/// </remarks>
internal sealed class TelemetryPublisher(
    IMqttSink sink, Topics topics, DiscoveryBuilder discovery, AgentDeviceWatch agentDevice, LoopSlugs slugs, ComponentMemory memory, ILogger<TelemetryPublisher> logger)
{
    /// <summary>Root loops beyond this many get no sensors of their own, which keeps the discovery payload bounded.</summary>
    public const int MaxLoopsWithSensors = 50;

    private readonly Dictionary<string, string> _onBroker = new(StringComparer.Ordinal);
    private List<Sensor> _loopSensors = [];
    private HashSet<string> _loopSlugs = new(StringComparer.Ordinal);
    private Dictionary<string, Component>? _announced;
    private Dictionary<(string Id, string Name, string Slug), IReadOnlyList<Sensor>> _loopSensorCache = [];
    private (List<Sensor> Sensors, bool ViaAgent, string Payload)? _discovery;
    private bool _capped;

    /// <summary>The sensors announced by the last publish, static and per loop.</summary>
    public IReadOnlyList<Sensor> Sensors { get; private set; } = SensorCatalog.Static;

    /// <summary>Publishes the snapshot; returns the number of messages sent.</summary>
    /// <exception cref="BrokerUnavailableException">The connection failed part-way; publish everything once it is back.</exception>
    public async Task<int> PublishAsync(Snapshot snapshot, PublishMode mode, CancellationToken cancellationToken)
    {
        if (mode == PublishMode.Everything)
        {
            _onBroker.Clear();
        }

        // While the agent's API is unreachable its loops keep their sensors, shown unavailable.
        var assigned = snapshot.Loops.Value is { } loops ? slugs.Assign(Bounded(loops.Roots)) : null;
        var loopSensors = assigned is null ? _loopSensors : LoopSensors(assigned);
        var sensors = SensorCatalog.Static.Where(s => !snapshot.IsAbsent(s.PresentWith)).Concat(loopSensors).ToList();
        _announced ??= memory.Load().ToDictionary(c => c.Key, StringComparer.Ordinal);
        var keys = sensors.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var gone = _announced.Values.Where(c => !keys.Contains(c.Key)).ToList();
        var removed = gone.Where(c => snapshot.IsAvailable(c.Source) || snapshot.IsAbsent(c.Source)).ToList();
        var kept = gone.Except(removed).ToList();

        var sent = 0;
        if (removed.Count > 0)
        {
            await SendAsync(topics.Discovery, discovery.Build(sensors, removed), Delivery.AtLeastOnce, cancellationToken);
            sent++;
            foreach (var component in removed)
            {
                sent += await SendIfChangedAsync(topics.State(component.Key), "", Delivery.AtLeastOnce, cancellationToken);
                _onBroker.Remove(topics.State(component.Key));
            }

            Log.ComponentsRemoved(logger, string.Join(", ", removed.Select(c => c.Key)));
        }

        sent += await SendIfChangedAsync(topics.Discovery, Discovery(sensors), Delivery.AtLeastOnce, cancellationToken);

        // Remembered as soon as Home Assistant has been told, even if the rest of this publish does not get through.
        Remember(sensors.Select(s => new Component(s.Key, s.Platform, s.PresentWith)).Concat(kept));
        if (assigned?.Where(l => !_loopSlugs.Contains(l.Slug)).ToList() is { Count: > 0 } added)
        {
            Log.LoopsAdded(logger, string.Join(", ", added.Select(l => $"'{LoopSlugs.DisplayName(l.Loop.Name)}' ({l.Slug})")));
        }

        foreach (var sensor in sensors.Where(s => snapshot.IsAvailable(s.Source)))
        {
            sent += await SendIfChangedAsync(topics.State(sensor.Key), sensor.State(snapshot), Delivery.AtMostOnce, cancellationToken);
            if (sensor.Attributes?.Invoke(snapshot) is { } attributes)
            {
                sent += await SendIfChangedAsync(topics.Attributes(sensor.Key), attributes, Delivery.AtMostOnce, cancellationToken);
            }
        }

        // Availability last: a source comes online only after its fresh states are on the broker.
        foreach (var source in SourceKeys.All)
        {
            sent += await SendIfChangedAsync(topics.SourceAvailability(source), snapshot.IsAvailable(source) ? Availability.Online : Availability.Offline, Delivery.AtLeastOnce, cancellationToken);
        }

        sent += await SendIfChangedAsync(topics.Availability, Availability.Online, Delivery.AtLeastOnce, cancellationToken);

        _loopSensors = loopSensors;
        _loopSlugs = assigned?.Select(l => l.Slug).ToHashSet(StringComparer.Ordinal) ?? _loopSlugs;
        Sensors = sensors;
        return sent;
    }

    private void Remember(IEnumerable<Component> components)
    {
        var announced = components.ToDictionary(c => c.Key, StringComparer.Ordinal);
        if (_announced is null || announced.Count != _announced.Count || announced.Any(c => !_announced.TryGetValue(c.Key, out var was) || was != c.Value))
        {
            memory.Save(announced.Values);
        }

        _announced = announced;
    }

    private IReadOnlyList<LoopInfo> Bounded(IReadOnlyList<LoopInfo> roots)
    {
        var capped = roots.Count > MaxLoopsWithSensors;
        if (capped && !_capped)
        {
            Log.LoopsCapped(logger, roots.Count, MaxLoopsWithSensors);
        }

        _capped = capped;
        return capped ? roots.OrderBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.Id, StringComparer.Ordinal).Take(MaxLoopsWithSensors).ToList() : roots;
    }

    /// <summary>The loops' sensors; the same loop keeps the same sensor objects, so an unchanged set is recognised by reference.</summary>
    private List<Sensor> LoopSensors(IReadOnlyList<(LoopInfo Loop, string Slug)> assigned)
    {
        var cache = new Dictionary<(string Id, string Name, string Slug), IReadOnlyList<Sensor>>(assigned.Count);
        var sensors = new List<Sensor>(assigned.Count * 2);
        foreach (var (loop, slug) in assigned)
        {
            var key = (loop.Id, loop.Name, slug);
            var pair = _loopSensorCache.TryGetValue(key, out var known) ? known : SensorCatalog.ForLoop(loop, slug);
            cache[key] = pair;
            sensors.AddRange(pair);
        }

        _loopSensorCache = cache;
        return sensors;
    }

    /// <summary>The discovery payload, serialised again only when the sensors or the agent's device changed.</summary>
    private string Discovery(List<Sensor> sensors)
    {
        var viaAgent = agentDevice.IsOnBroker;
        if (_discovery is not { } last || last.ViaAgent != viaAgent || !last.Sensors.SequenceEqual(sensors, ReferenceEqualityComparer.Instance))
        {
            _discovery = last = (sensors, viaAgent, discovery.Build(sensors, []));
        }

        return last.Payload;
    }

    /// <remarks>
    /// States and attributes go at QoS 0: they are sent again in full after any reconnect, and a connection that
    /// stays up delivers them in order, so waiting for each acknowledgement (a round trip per message) bought nothing.
    /// Discovery and availability stay at QoS 1, as Home Assistant's own rules for them expect.
    /// </remarks>
    private async Task<int> SendIfChangedAsync(string topic, string payload, Delivery delivery, CancellationToken cancellationToken)
    {
        if (_onBroker.TryGetValue(topic, out var held) && held == payload)
        {
            return 0;
        }

        await SendAsync(topic, payload, delivery, cancellationToken);
        return 1;
    }

    private async Task SendAsync(string topic, string payload, Delivery delivery, CancellationToken cancellationToken)
    {
        await sink.PublishAsync(topic, payload, delivery, cancellationToken);
        _onBroker[topic] = payload;
    }
}
