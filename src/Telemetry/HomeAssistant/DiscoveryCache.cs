namespace Telemetry.HomeAssistant;

/// <summary>The discovery payload of the current sensors, serialised again only when the sensors or the agent's device changed.</summary>
internal sealed class DiscoveryCache(DiscoveryBuilder discovery, AgentDeviceWatch agentDevice)
{
    private (List<Sensor> Sensors, bool ViaAgent, string Payload)? _last;

    /// <remarks>Sensors are compared by reference: the catalogue and the loops keep the same objects while nothing changes.</remarks>
    public string For(List<Sensor> sensors)
    {
        var viaAgent = agentDevice.IsOnBroker;
        if (_last is not { } last || last.ViaAgent != viaAgent || !last.Sensors.SequenceEqual(sensors, ReferenceEqualityComparer.Instance))
        {
            _last = last = (sensors, viaAgent, discovery.Build(sensors, []));
        }

        return last.Payload;
    }
}
