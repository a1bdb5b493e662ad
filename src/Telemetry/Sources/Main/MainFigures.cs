namespace Telemetry.Sources.Main;

/// <summary>From <c>thane.db</c>, the agent's main database: its size and the sessions still open.</summary>
internal sealed record MainFigures(long FileBytes, long ActiveSessions);
