using Telemetry.Collection;

namespace Telemetry.Discovery;

/// <summary>One Home Assistant sensor: how it is declared and where its value comes from.</summary>
/// <param name="Suffix">The entity key, as in the agent's package (<c>tokens_24h_input</c>).</param>
/// <param name="State">The state payload from a snapshot in which <paramref name="Source"/> is available.</param>
/// <param name="Attributes">A JSON attributes payload, for sensors that have one.</param>
internal sealed record SensorDefinition(
    string Suffix,
    string Name,
    SourceKey Source,
    string Icon,
    string? Unit,
    string? DeviceClass,
    string? StateClass,
    bool Diagnostic,
    int? DisplayPrecision,
    Func<Snapshot, string> State,
    Func<Snapshot, string?>? Attributes = null);
