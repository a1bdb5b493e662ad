using Telemetry.HomeAssistant;

namespace Telemetry.Sources.LegacyUsage;

/// <summary>The agent package's <c>db_usage_size</c>, announced only while <c>usage.db</c> exists.</summary>
internal static class LegacyUsageSensors
{
    public static IReadOnlyList<Sensor<LegacyUsageFigures>> All { get; } =
    [
        DatabaseSizeSensor.Of(LegacyUsageSource.Key, "db_usage_size", "DB Usage Size", u => u.FileBytes),
    ];
}
