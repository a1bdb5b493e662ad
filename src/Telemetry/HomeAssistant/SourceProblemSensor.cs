using System.Text.Json;
using Telemetry.Sources;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.HomeAssistant;

/// <summary>A source's health as a diagnostic <c>problem</c> binary sensor, with the reason as an attribute.</summary>
/// <remarks>
/// It follows only the add-on's availability (it is what reports the source's), so "the logs database cannot be
/// read" is a state to see and automate on rather than the silence of unavailable sensors. It is announced only where
/// the source exists.
/// </remarks>
internal sealed record SourceProblemSensor : Sensor
{
    private readonly SourceKey _of;

    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public SourceProblemSensor(SourceKey of)
    {
        _of = of;
        Key = KeyOf(of);
        Name = $"Source {of.Name.Replace('_', ' ')}";
        Platform = "binary_sensor";
        DeviceClass = "problem";
        Diagnostic = true;
    }

    public override SourceKey? Source => null;

    public override SourceKey PresentWith => _of;

    public override bool HasAttributes => true;

    /// <summary>The key of a source's problem sensor.</summary>
    public static string KeyOf(SourceKey source) => $"source_{source.Name}_problem";

    public override SensorState? Read(CycleReadings cycle) => new SensorState(OnOff(!cycle.IsAvailable(_of)), Reason(cycle.Of(_of).Problem));

    private static string Reason(string? problem) => JsonSerializer.Serialize(
        problem is null ? [] : new Dictionary<string, string> { ["reason"] = Text(problem) },
        HomeAssistantJsonContext.Default.DictionaryStringString);
}
