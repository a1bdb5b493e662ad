using Telemetry.HomeAssistant;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.Sources.LegacyUsage;

/// <summary>The agent package's <c>db_usage_size</c>, announced only while <c>usage.db</c> exists.</summary>
internal static class LegacyUsageSensors
{
    public static IReadOnlyList<Sensor<LegacyUsageFigures>> All { get; } =
    [
        new(LegacyUsageSource.Key) { Key = "db_usage_size", Name = "DB Usage Size", State = u => Integer(u.FileBytes),
            Icon = "mdi:database", Unit = "B", DeviceClass = DeviceClasses.DataSize, StateClass = StateClasses.Measurement, Diagnostic = true },
    ];
}
