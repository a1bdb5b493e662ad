namespace Telemetry.Sources.Loops;

/// <summary>The agent's <c>GET /v1/loops</c>: its loops, their states, and how full their context windows are.</summary>
internal static class LoopsSource
{
    public static SourceKey<LoopsFigures> Key { get; } = new("loops");
}
