namespace Telemetry.Sources.Sessions;

/// <summary>From <c>thane.db</c>.</summary>
internal sealed record MainStats(long FileBytes, long ActiveSessions);
