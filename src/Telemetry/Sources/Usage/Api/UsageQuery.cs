using System.Globalization;

namespace Telemetry.Sources.Usage.Api;

/// <summary>One request of the agent's usage endpoint: a window of whole hours ending at the agent's "now", grouped or not.</summary>
/// <param name="GroupBy"><c>model</c>, <c>provider</c> or <c>role</c>; null for the sums alone.</param>
internal readonly record struct UsageQuery(long Hours, string? GroupBy)
{
    /// <summary>The agent reads <c>hours</c> as a Go <c>time.Duration</c> of hours, int64 nanoseconds: above this it wraps around (internal/server/api/server.go <c>handleUsageSummary</c> @3229ecc7).</summary>
    public const long MaxHours = 2_562_047;

    /// <summary>No usage row is older than this: the agent did not exist.</summary>
    private static readonly DateTimeOffset BeforeAnyRow = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<string> Breakdowns = ["model", "provider", "role"];

    public string Path => GroupBy is null
        ? string.Create(CultureInfo.InvariantCulture, $"v1/telemetry/usage?hours={Hours}")
        : string.Create(CultureInfo.InvariantCulture, $"v1/telemetry/usage?hours={Hours}&group_by={GroupBy}");

    /// <summary>Hours that reach back before any row from <paramref name="end"/>, far below <see cref="MaxHours"/>: the whole history.</summary>
    public static long AllHistory(DateTimeOffset end) => Math.Min(MaxHours, (long)Math.Ceiling((end - BeforeAnyRow).TotalHours) + 24);
}
