namespace Telemetry.Sources.AgentApi;

/// <summary>One answer of the agent's API: the parsed body or why there is none, and when the request went out and came back (the add-on's clock).</summary>
internal sealed record ApiAnswer<T>(T? Value, string? Problem, bool NotFound, DateTimeOffset Sent, DateTimeOffset Received)
    where T : class;
