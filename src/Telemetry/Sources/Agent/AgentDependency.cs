namespace Telemetry.Sources.Agent;

/// <summary>One service the agent depends on, as its health map reports it.</summary>
internal sealed record AgentDependency(string Name, bool Ready, string? LastCheck, string? LastError);
