namespace Telemetry.Sources.Loops;

/// <summary>A root loop (one without a parent), the only kind that gets its own sensors.</summary>
internal sealed record LoopInfo(string Id, string Name, string State, long Iterations);
