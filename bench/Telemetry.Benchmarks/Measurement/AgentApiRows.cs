namespace Telemetry.Benchmarks.Measurement;

/// <summary>How much of <c>usage_records</c> the requests walk: the whole table, the last 24 hours, the last 2 hours, and since when.</summary>
internal sealed record AgentApiRows(long Total, long LastDay, long LastTwoHours, DateTimeOffset Oldest);
