using Telemetry.HomeAssistant;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.Sources.Loops;

/// <summary>The loop counts and context utilisation of the agent's telemetry package; each root loop's own pair is <see cref="LoopSensors"/>'.</summary>
internal static class LoopsSensors
{
    public static IReadOnlyList<Sensor<LoopsFigures>> All { get; } =
    [
        new(LoopsSource.Key) { Key = "context_utilization", Name = "Context Utilization", State = l => Fixed(l.ContextUtilization, 1),
            Icon = "mdi:gauge", Unit = "%", StateClass = StateClasses.Measurement, DisplayPrecision = 1 },
        new(LoopsSource.Key) { Key = "loops_active", Name = "Loops Active", State = l => Integer(l.Active),
            Icon = "mdi:cog-play", Unit = "loops", StateClass = StateClasses.Measurement },
        new(LoopsSource.Key) { Key = "loops_sleeping", Name = "Loops Sleeping", State = l => Integer(l.Sleeping),
            Icon = "mdi:cog-pause", Unit = "loops", StateClass = StateClasses.Measurement },
        new(LoopsSource.Key) { Key = "loops_errored", Name = "Loops Errored", State = l => Integer(l.Errored),
            Icon = "mdi:cog-off", Unit = "loops", StateClass = StateClasses.Measurement },
        new(LoopsSource.Key) { Key = "loops_total", Name = "Loops Total", State = l => Integer(l.Total),
            Icon = "mdi:cog", Unit = "loops", StateClass = StateClasses.Measurement },
    ];

    /// <summary>The two sensors of one root loop, keyed by its slug (<see cref="LoopSlugs"/>).</summary>
    public static IReadOnlyList<Sensor> ForLoop(LoopInfo loop, string slug)
    {
        var name = LoopSlugs.DisplayName(loop.Name);
        return
        [
            new Sensor<LoopsFigures>(LoopsSource.Key) { Key = $"loop_{slug}_state", Name = $"Loop {name} State",
                State = l => Text(Find(l, loop)?.State ?? Unknown), Icon = "mdi:cog-outline", Diagnostic = true },
            new Sensor<LoopsFigures>(LoopsSource.Key) { Key = $"loop_{slug}_iterations", Name = $"Loop {name} Iterations",
                State = l => Find(l, loop) is { } current ? Integer(current.Iterations) : Unknown,
                Icon = "mdi:counter", Unit = "iterations", StateClass = StateClasses.TotalIncreasing },
        ];
    }

    private static LoopInfo? Find(LoopsFigures loops, LoopInfo loop) => loops.Roots.FirstOrDefault(l => l.Id == loop.Id && l.Name == loop.Name);
}
