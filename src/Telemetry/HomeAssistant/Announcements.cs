using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>The components Home Assistant has been told about, and which of them are gone.</summary>
/// <remarks>
/// What was announced is remembered across restarts (<see cref="ComponentMemory"/>), so an entity that vanished
/// while the add-on was stopped is removed too; one whose source cannot be read now is kept (shown unavailable)
/// until the source says whether it still exists.
/// </remarks>
internal sealed class Announcements(ComponentMemory memory)
{
    private Dictionary<string, Component>? _announced;

    /// <summary>What was announced and is not among <paramref name="sensors"/>: to remove now, or to keep while its source cannot tell.</summary>
    public (List<Component> Removed, List<Component> Kept) Gone(IReadOnlyList<Sensor> sensors, CycleReadings cycle)
    {
        _announced ??= memory.Load().ToDictionary(c => c.Key, StringComparer.Ordinal);
        var keys = sensors.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var gone = _announced.Values.Where(c => !keys.Contains(c.Key)).ToList();
        var removed = gone.Where(c => cycle.IsAvailable(c.Source) || cycle.IsAbsent(c.Source)).ToList();
        return (removed, gone.Except(removed).ToList());
    }

    /// <summary>Home Assistant has been told about exactly these; saved when they changed.</summary>
    public void Remember(IEnumerable<Component> components)
    {
        var announced = components.ToDictionary(c => c.Key, StringComparer.Ordinal);
        if (_announced is null || announced.Count != _announced.Count || announced.Any(c => !_announced.TryGetValue(c.Key, out var was) || was != c.Value))
        {
            memory.Save(announced.Values);
        }

        _announced = announced;
    }
}
