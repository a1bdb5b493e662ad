using Telemetry.HomeAssistant;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.Sources.Main;

/// <summary>The sensors of <c>thane.db</c>, as in the agent's telemetry package.</summary>
internal static class MainSensors
{
    public static IReadOnlyList<Sensor<MainFigures>> All { get; } =
    [
        new(MainSource.Key) { Key = "db_main_size", Name = "DB Main Size", State = m => Integer(m.FileBytes),
            Icon = "mdi:database", Unit = "B", DeviceClass = DeviceClasses.DataSize, StateClass = StateClasses.Measurement, Diagnostic = true },
        new(MainSource.Key) { Key = "active_sessions", Name = "Active Sessions", State = m => Integer(m.ActiveSessions),
            Icon = "mdi:message-text-outline", Unit = "sessions", StateClass = StateClasses.Measurement },
    ];
}
