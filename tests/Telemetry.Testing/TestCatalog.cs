using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.HomeAssistant;
using Telemetry.Hosting;
using Telemetry.Sources.Loops;

namespace Telemetry.Testing;

/// <summary>The add-on's own sensor catalogue, from the same registrations the host uses.</summary>
internal static class TestCatalog
{
    /// <summary>The fixed sensors: every source's rows, the problem sensors and the add-on's own.</summary>
    public static IReadOnlyList<Sensor> Fixed { get; } = Create().Fixed;

    /// <summary>A catalogue with its own per-loop sensors (they keep state: one per publisher).</summary>
    public static SensorCatalog Create() => new(
        TelemetrySources.All.Select(s => s.Sensors),
        [new LoopSensors(new LoopSlugs(), NullLogger<LoopSensors>.Instance)]);
}
