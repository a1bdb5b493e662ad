using Telemetry.Collection;
using Telemetry.Sources;
using Telemetry.Sources.Loops;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.HomeAssistant;

/// <summary>Every entity the add-on publishes: one row per sensor, its declaration beside the value it shows.</summary>
/// <remarks>
/// The rows are in <see cref="PackageSensors"/> (the agent's own 20), <see cref="UsageSensors"/> (lifetime, calendar
/// and prompt-cache figures) and <see cref="HealthSensors"/> (the sources and the agent); per-loop ones are made here.
/// </remarks>
internal static class SensorCatalog
{
    private const string TotalIncreasing = "total_increasing";

    /// <summary>Every fixed sensor: the agent package's, then the totals, then the health ones.</summary>
    public static IReadOnlyList<Sensor> Static { get; } = [.. PackageSensors.All, .. UsageSensors.All, .. HealthSensors.All];

    /// <summary>The two sensors of one root loop, keyed by its slug (<see cref="LoopSlugs"/>).</summary>
    public static IReadOnlyList<Sensor> ForLoop(LoopInfo loop, string slug)
    {
        var name = LoopSlugs.DisplayName(loop.Name);
        return
        [
            new() { Key = $"loop_{slug}_state", Name = $"Loop {name} State", Source = SourceKey.Loops,
                    State = s => Text(FindLoop(s, loop)?.State ?? Unknown),
                    Icon = "mdi:cog-outline", Diagnostic = true },
            new() { Key = $"loop_{slug}_iterations", Name = $"Loop {name} Iterations", Source = SourceKey.Loops,
                    State = s => FindLoop(s, loop) is { } current ? Integer(current.Iterations) : Unknown,
                    Icon = "mdi:counter", Unit = "iterations", StateClass = TotalIncreasing },
        ];
    }

    private static LoopInfo? FindLoop(Snapshot snapshot, LoopInfo loop) =>
        snapshot.Loops.Value?.Roots.FirstOrDefault(l => l.Id == loop.Id && l.Name == loop.Name);
}
