namespace Telemetry.HomeAssistant;

/// <summary>The state classes the rows use (Home Assistant's <c>SensorStateClass</c>).</summary>
internal static class StateClasses
{
    public const string Measurement = "measurement";

    public const string Total = "total";

    public const string TotalIncreasing = "total_increasing";
}
