using Telemetry.Sources;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.HomeAssistant;

/// <summary>Every entity the add-on can publish: each source's rows and its problem sensor, the add-on's own, and those that follow a source's figures.</summary>
/// <remarks>The rows live beside their source (<c>Sources/&lt;Source&gt;/&lt;Source&gt;Sensors.cs</c>); this only gathers them.</remarks>
internal sealed class SensorCatalog
{
    public SensorCatalog(IEnumerable<SourceSensors> sources, IEnumerable<IDynamicSensors> dynamic)
    {
        var registered = sources.ToList();
        Sources = [.. registered.Select(s => s.Source)];
        Fixed =
        [
            .. registered.SelectMany(s => s.Rows),
            .. registered.Where(s => s.ProblemSensor).Select(s => new SourceProblemSensor(s.Source)),
            new CycleSensor
            {
                Key = "last_collection", Name = "Last Collection", EnabledByDefault = false, State = c => Timestamp(c.FinishedAt),
                Icon = "mdi:clock-check-outline", DeviceClass = DeviceClasses.Timestamp, Diagnostic = true,
            },
        ];
        Dynamic = [.. dynamic];
        _fixedKeys = Fixed.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        if (_fixedKeys.Count != Fixed.Count)
        {
            throw new InvalidOperationException("Two sensors have the same key: " + string.Join(", ", Fixed.GroupBy(s => s.Key).Where(g => g.Count() > 1).Select(g => g.Key)));
        }
    }

    private readonly HashSet<string> _fixedKeys;

    /// <summary>Every registered source, in registration order.</summary>
    public IReadOnlyList<SourceKey> Sources { get; }

    /// <summary>Every sensor that exists whatever the sources' figures (those of an absent source are not announced).</summary>
    public IReadOnlyList<Sensor> Fixed { get; }

    public IReadOnlyList<IDynamicSensors> Dynamic { get; }

    /// <summary>Whether <paramref name="key"/> is one of <see cref="Fixed"/>.</summary>
    public bool IsFixed(string key) => _fixedKeys.Contains(key);

    /// <summary>The registered source of that published name; null for none.</summary>
    public SourceKey? SourceNamed(string name) => Sources.FirstOrDefault(s => s.Name == name);

    /// <summary>The sensors this cycle announces: the fixed ones of sources that exist, then the dynamic ones.</summary>
    public List<Sensor> For(CycleReadings cycle) =>
        [.. Fixed.Where(s => !cycle.IsAbsent(s.PresentWith)), .. Dynamic.SelectMany(d => d.For(cycle))];
}
