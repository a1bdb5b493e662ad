using Telemetry.HomeAssistant;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.Sources.Main;

/// <summary>The sensors of <c>thane.db</c>, as in the agent's telemetry package.</summary>
internal static class MainSensors
{
    public static IReadOnlyList<Sensor<MainFigures>> All { get; } =
    [
        DatabaseSizeSensor.Of(MainSource.Key, "db_main_size", "DB Main Size", m => m.FileBytes),
        new(MainSource.Key) { Key = "active_sessions", Name = "Active Sessions", State = m => Integer(m.ActiveSessions),
            Icon = "mdi:message-text-outline", Unit = "sessions", StateClass = StateClasses.Measurement },
    ];
}
