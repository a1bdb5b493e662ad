using Microsoft.Extensions.Logging;
using Telemetry.Mqtt;
using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>Turns a cycle's readings into retained MQTT messages: discovery, states, per-source and add-on availability.</summary>
/// <remarks>
/// <see cref="PublishMode.Changes"/> sends only what differs from what was last sent (<see cref="PublishedMessages"/>);
/// <see cref="PublishMode.Everything"/> sends it all again, for a broker that may have lost its retained messages.
/// An entity that appears is in the discovery payload of the same cycle; one that disappears
/// (<see cref="Announcements"/>) is first announced as removed (a component with only its platform, the only form
/// Home Assistant unloads), then left out, and its retained state is cleared.
/// </remarks>
internal sealed class TelemetryPublisher(
    PublishedMessages messages, Topics topics, SensorCatalog catalog, DeviceIdentitySource identity, AgentDeviceWatch agentDevice,
    DiscoveryBuilder discovery, DiscoveryCache discoveryCache, Announcements announcements, ILogger<TelemetryPublisher> logger)
{
    /// <summary>The sensors announced by the last publish, fixed and dynamic.</summary>
    public IReadOnlyList<Sensor> Sensors { get; private set; } = catalog.Fixed;

    /// <summary>Publishes the cycle's readings; returns the number of messages sent.</summary>
    /// <exception cref="BrokerUnavailableException">The connection failed part-way; publish everything once it is back.</exception>
    public async Task<int> PublishAsync(CycleReadings cycle, PublishMode mode, CancellationToken cancellationToken)
    {
        if (mode == PublishMode.Everything)
        {
            messages.Forget();
        }

        if (identity.Current is null)
        {
            await identity.ResolveAsync(cancellationToken);
            agentDevice.IdentityFixed();
        }

        var sensors = catalog.For(cycle);
        var (removed, kept) = announcements.Gone(sensors, cycle);
        var announcing = sensors.Select(s => new Component(s.Key, s.Platform, s.PresentWith)).Concat(kept).ToList();
        // Remembered before Home Assistant is told, with what is being removed: a stop between a send and its
        // acknowledgement must forget neither an entity Home Assistant may already have nor one it may still have.
        announcements.Remember(announcing.Concat(removed));
        var sent = 0;
        if (removed.Count > 0)
        {
            await messages.SendAsync(topics.Discovery, discovery.Build(sensors, removed), Delivery.AtLeastOnce, cancellationToken);
            sent++;
            foreach (var component in removed)
            {
                sent += await messages.SendIfChangedAsync(topics.State(component.Key), "", Delivery.AtLeastOnce, cancellationToken);
                messages.Forget(topics.State(component.Key));
            }

            Log.ComponentsRemoved(logger, string.Join(", ", removed.Select(c => c.Key)));
        }

        sent += await messages.SendIfChangedAsync(topics.Discovery, discoveryCache.For(sensors), Delivery.AtLeastOnce, cancellationToken);

        // Home Assistant has been told: what was removed is forgotten, even if the rest of this publish does not get through.
        announcements.Remember(announcing);
        sent += await PublishStatesAsync(sensors, cycle, cancellationToken);

        // Availability last: a source comes online only after its fresh states are on the broker.
        foreach (var source in cycle.Sources)
        {
            sent += await messages.SendIfChangedAsync(topics.SourceAvailability(source), cycle.IsAvailable(source) ? Availability.Online : Availability.Offline, Delivery.AtLeastOnce, cancellationToken);
        }

        sent += await messages.SendIfChangedAsync(topics.Availability, Availability.Online, Delivery.AtLeastOnce, cancellationToken);
        Sensors = sensors;
        return sent;
    }

    /// <remarks>
    /// States and attributes go at QoS 0: they are sent again in full after any reconnect, and a connection that
    /// stays up delivers them in order, so waiting for each acknowledgement (a round trip per message) bought nothing.
    /// Discovery and availability stay at QoS 1, as Home Assistant's own rules for them expect.
    /// </remarks>
    private async Task<int> PublishStatesAsync(List<Sensor> sensors, CycleReadings cycle, CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var sensor in sensors)
        {
            if (sensor.Read(cycle) is not { } state)
            {
                continue;
            }

            sent += await messages.SendIfChangedAsync(topics.State(sensor.Key), state.State, Delivery.AtMostOnce, cancellationToken);
            if (state.Attributes is { } attributes)
            {
                sent += await messages.SendIfChangedAsync(topics.Attributes(sensor.Key), attributes, Delivery.AtMostOnce, cancellationToken);
            }
        }

        return sent;
    }
}
