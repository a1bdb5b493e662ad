using Microsoft.Extensions.Logging;
using Telemetry.Collection;
using Telemetry.Discovery;
using Telemetry.Mqtt;

namespace Telemetry.Publishing;

/// <summary>Turns a snapshot into retained MQTT messages: discovery, states, per-source and add-on availability.</summary>
/// <remarks>
/// Only what changed since the last publish is sent; a full publish (on connect, on a Home Assistant birth, and
/// periodically) sends everything, since the broker may have lost its retained messages.
/// A loop that appears is in the discovery payload of the same cycle; one that disappears is first announced as
/// removed (a component with only its platform), then left out, and its retained states are cleared.
/// </remarks>
internal sealed class TelemetryPublisher(IMqttSink sink, Topics topics, DiscoveryBuilder discovery, LoopSlugs slugs, ILogger<TelemetryPublisher> logger)
{
    /// <summary>Root loops beyond this many get no sensors of their own, which keeps the discovery payload bounded.</summary>
    public const int MaxLoopsWithSensors = 50;

    private readonly Dictionary<string, string> _onBroker = new(StringComparer.Ordinal);
    private IReadOnlyList<SensorDefinition> _loopSensors = [];
    private bool _capped;

    /// <summary>The sensors announced by the last publish, static and per loop.</summary>
    public IReadOnlyList<SensorDefinition> Sensors { get; private set; } = SensorCatalog.Static;

    /// <summary>Publishes the snapshot; returns the number of messages sent.</summary>
    /// <exception cref="BrokerUnavailableException">The connection failed part-way; call again with <paramref name="everything"/>.</exception>
    public async Task<int> PublishAsync(Snapshot snapshot, bool everything, CancellationToken cancellationToken)
    {
        if (everything)
        {
            _onBroker.Clear();
        }

        // While the agent's API is unreachable its loops keep their sensors, shown unavailable.
        var assigned = snapshot.Loops.Value is { } loops ? slugs.Assign(Bounded(loops.Roots)) : null;
        var loopSensors = assigned?.SelectMany(l => SensorCatalog.ForLoop(l.Loop, l.Slug)).ToList() ?? _loopSensors;
        var sensors = SensorCatalog.Static.Concat(loopSensors).ToList();
        var current = loopSensors.Select(s => s.Suffix).ToHashSet(StringComparer.Ordinal);
        var previous = _loopSensors.Select(s => s.Suffix).ToHashSet(StringComparer.Ordinal);
        var removed = previous.Where(s => !current.Contains(s)).ToList();
        var added = loopSensors.Where(s => !previous.Contains(s.Suffix)).ToList();

        var sent = 0;
        if (removed.Count > 0)
        {
            await SendAsync(topics.Discovery, discovery.Build(sensors, removed), cancellationToken);
            sent++;
            foreach (var suffix in removed)
            {
                sent += await SendIfChangedAsync(topics.State(suffix), "", cancellationToken);
                _onBroker.Remove(topics.State(suffix));
            }

            Log.LoopsRemoved(logger, string.Join(", ", removed));
        }

        sent += await SendIfChangedAsync(topics.Discovery, discovery.Build(sensors, []), cancellationToken);
        if (added.Count > 0 && assigned is not null)
        {
            var addedSuffixes = added.Select(s => s.Suffix).ToHashSet(StringComparer.Ordinal);
            var names = assigned.Where(l => addedSuffixes.Contains($"loop_{l.Slug}_state")).Select(l => $"'{LoopSlugs.DisplayName(l.Loop.Name)}' ({l.Slug})");
            Log.LoopsAdded(logger, string.Join(", ", names));
        }

        foreach (var sensor in sensors.Where(s => snapshot.IsAvailable(s.Source)))
        {
            sent += await SendIfChangedAsync(topics.State(sensor.Suffix), sensor.State(snapshot), cancellationToken);
            if (sensor.Attributes?.Invoke(snapshot) is { } attributes)
            {
                sent += await SendIfChangedAsync(topics.Attributes(sensor.Suffix), attributes, cancellationToken);
            }
        }

        // Availability last: a source comes online only after its fresh states are on the broker.
        foreach (var source in SourceKeys.All)
        {
            sent += await SendIfChangedAsync(topics.SourceAvailability(source), snapshot.IsAvailable(source) ? MqttConnection.Online : MqttConnection.Offline, cancellationToken);
        }

        sent += await SendIfChangedAsync(topics.Availability, MqttConnection.Online, cancellationToken);

        _loopSensors = loopSensors;
        Sensors = sensors;
        return sent;
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

    private async Task<int> SendIfChangedAsync(string topic, string payload, CancellationToken cancellationToken)
    {
        if (_onBroker.TryGetValue(topic, out var held) && held == payload)
        {
            return 0;
        }

        await SendAsync(topic, payload, cancellationToken);
        return 1;
    }

    private async Task SendAsync(string topic, string payload, CancellationToken cancellationToken)
    {
        await sink.PublishAsync(topic, payload, cancellationToken);
        _onBroker[topic] = payload;
    }
}
