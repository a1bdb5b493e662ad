namespace Telemetry.Benchmarks.Generation;

/// <summary>What <c>generate</c> made: the scale, the seed, the simulated time the history ends at, and the row counts.</summary>
/// <param name="OlderUsageRows">Usage rows from before the seven days (<c>generate --usage-rows</c>), included in <paramref name="UsageRows"/>.</param>
/// <param name="Until">How far the benchmarks' trickle of new rows has taken the agent's clock since (it starts at <paramref name="End"/>).</param>
internal sealed record Manifest(string Scale, int Seed, DateTimeOffset End, long LogRows, long UsageRows, int Sessions, int Attachments, DateTimeOffset Until, long OlderUsageRows = 0);
