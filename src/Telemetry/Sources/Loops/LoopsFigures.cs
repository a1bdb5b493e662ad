namespace Telemetry.Sources.Loops;

/// <summary>Loop counts from <c>/v1/loops</c>; <paramref name="ContextUtilization"/> is null when no loop reports a context window.</summary>
internal sealed record LoopsFigures(int Active, int Sleeping, int Errored, int Total, double? ContextUtilization, IReadOnlyList<LoopInfo> Roots);
