using Microsoft.Extensions.Logging;
using Telemetry.HomeAssistant;

namespace Telemetry.Sources.Loops;

/// <summary>Each root loop's own sensors: they appear with the loop and go with it, at most <see cref="MaxLoops"/> of them.</summary>
/// <remarks>
/// While the agent's API cannot be read, the loops keep their sensors (shown unavailable): whether they still exist
/// is not known. The same loop keeps the same sensor objects, so an unchanged set is recognised by reference.
/// </remarks>
internal sealed class LoopSensors(LoopSlugs slugs, ILogger<LoopSensors> logger) : IDynamicSensors
{
    /// <summary>Root loops beyond this many get no sensors of their own, which keeps the discovery payload bounded.</summary>
    public const int MaxLoops = 50;

    private Dictionary<(string Id, string Name, string Slug), IReadOnlyList<Sensor>> _byLoop = [];
    private List<Sensor> _current = [];
    private bool _capped;

    public IReadOnlyList<Sensor> For(CycleReadings cycle)
    {
        if (cycle.Of(LoopsSource.Key).Value is not { } loops)
        {
            return _current;
        }

        var byLoop = new Dictionary<(string Id, string Name, string Slug), IReadOnlyList<Sensor>>(loops.Roots.Count);
        var sensors = new List<Sensor>(loops.Roots.Count * 2);
        var added = new List<string>();
        foreach (var (loop, slug) in slugs.Assign(Bounded(loops.Roots)))
        {
            var key = (loop.Id, loop.Name, slug);
            if (!_byLoop.TryGetValue(key, out var pair))
            {
                pair = LoopsSensors.ForLoop(loop, slug);
            }

            if (!_byLoop.Keys.Any(k => k.Slug == slug))
            {
                added.Add($"'{LoopSlugs.DisplayName(loop.Name)}' ({slug})");
            }

            byLoop[key] = pair;
            sensors.AddRange(pair);
        }

        if (added.Count > 0)
        {
            Log.LoopsAdded(logger, string.Join(", ", added));
        }

        _byLoop = byLoop;
        _current = sensors;
        return sensors;
    }

    private IReadOnlyList<LoopInfo> Bounded(IReadOnlyList<LoopInfo> roots)
    {
        var capped = roots.Count > MaxLoops;
        if (capped && !_capped)
        {
            Log.LoopsCapped(logger, roots.Count, MaxLoops);
        }

        _capped = capped;
        return capped ? roots.OrderBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.Id, StringComparer.Ordinal).Take(MaxLoops).ToList() : roots;
    }
}
