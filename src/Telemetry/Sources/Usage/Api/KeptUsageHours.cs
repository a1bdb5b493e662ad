namespace Telemetry.Sources.Usage.Api;

/// <summary>The content of <see cref="UsageHoursStore"/>'s file: whose usage, in which time zone, and what is known of it.</summary>
internal sealed record KeptUsageHours(string Agent, string Zone, UsageHoursState State);
