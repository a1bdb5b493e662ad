using Telemetry.Sources;

namespace Telemetry.HomeAssistant;

/// <summary>The agent package's <c>db_*_size</c> row of one database: a diagnostic <c>data_size</c> in bytes, off until a user turns it on.</summary>
internal static class DatabaseSizeSensor
{
    public static Sensor<TFigures> Of<TFigures>(SourceKey<TFigures> source, string key, string name, Func<TFigures, long> bytes)
        where TFigures : class => new(source)
        {
            Key = key,
            Name = name,
            State = figures => StateText.Integer(bytes(figures)),
            Icon = "mdi:database",
            Unit = "B",
            DeviceClass = DeviceClasses.DataSize,
            StateClass = StateClasses.Measurement,
            Diagnostic = true,
            EnabledByDefault = false,
        };
}
