namespace Telemetry.HomeAssistant;

/// <summary>What one entity publishes in a cycle: its state, and its attributes when it has them.</summary>
internal readonly record struct SensorState(string State, string? Attributes);
