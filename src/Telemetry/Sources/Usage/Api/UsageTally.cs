namespace Telemetry.Sources.Usage.Api;

/// <summary>Sums of a set of usage rows, whole and by model, provider and role: one window of the agent's API, or a difference of two.</summary>
internal sealed record UsageTally(UsageSums All, IReadOnlyDictionary<string, UsageSums> ByModel, IReadOnlyDictionary<string, UsageSums> ByProvider, IReadOnlyDictionary<string, UsageSums> ByRole)
{
    // Before Empty: static properties are set in the order they are written.
    private static readonly IReadOnlyDictionary<string, UsageSums> NoGroups = new Dictionary<string, UsageSums>(StringComparer.Ordinal);

    public static UsageTally Empty { get; } = new(default, NoGroups, NoGroups, NoGroups);

    /// <summary>One window as three answers that share its end and length, grouped by model, provider and role.</summary>
    public static UsageTally Of(UsageApiAnswer byModel, UsageApiAnswer byProvider, UsageApiAnswer byRole) =>
        new(byModel.Summary, Sums(byModel), Sums(byProvider), Sums(byRole));

    public UsageTally Plus(UsageTally other) => Combine(other, +1);

    public UsageTally Minus(UsageTally other) => Combine(other, -1);

    /// <summary>Each figure at least that of <paramref name="floor"/>: a counter the add-on publishes never goes back (the agent's float sums, rounded to the nano-dollar, can differ by one in their last place).</summary>
    public UsageTally AtLeast(UsageTally floor) => new(
        Max(All, floor.All), AtLeast(ByModel, floor.ByModel), AtLeast(ByProvider, floor.ByProvider), AtLeast(ByRole, floor.ByRole));

    public static UsageSums Max(UsageSums a, UsageSums b) => new(
        Math.Max(a.Rows, b.Rows), Math.Max(a.InputTokens, b.InputTokens), Math.Max(a.OutputTokens, b.OutputTokens),
        Math.Max(a.CacheReadTokens, b.CacheReadTokens), Math.Max(a.CacheWriteTokens, b.CacheWriteTokens), Math.Max(a.CostNanos, b.CostNanos));

    public static UsageSums Difference(UsageSums a, UsageSums b) => new(
        a.Rows - b.Rows, a.InputTokens - b.InputTokens, a.OutputTokens - b.OutputTokens,
        a.CacheReadTokens - b.CacheReadTokens, a.CacheWriteTokens - b.CacheWriteTokens, a.CostNanos - b.CostNanos);

    private UsageTally Combine(UsageTally other, int sign) => new(
        sign > 0 ? All + other.All : Difference(All, other.All),
        Combine(ByModel, other.ByModel, sign), Combine(ByProvider, other.ByProvider, sign), Combine(ByRole, other.ByRole, sign));

    private static Dictionary<string, UsageSums> Combine(IReadOnlyDictionary<string, UsageSums> a, IReadOnlyDictionary<string, UsageSums> b, int sign)
    {
        var result = new Dictionary<string, UsageSums>(a, StringComparer.Ordinal);
        foreach (var (key, sums) in b)
        {
            var known = result.GetValueOrDefault(key);
            result[key] = sign > 0 ? known + sums : Difference(known, sums);
        }

        // A group with no rows left (its window's rows all in the part taken away) is no group.
        foreach (var empty in result.Where(g => g.Value == default).Select(g => g.Key).ToList())
        {
            result.Remove(empty);
        }

        return result;
    }

    private static Dictionary<string, UsageSums> AtLeast(IReadOnlyDictionary<string, UsageSums> groups, IReadOnlyDictionary<string, UsageSums> floor)
    {
        var result = new Dictionary<string, UsageSums>(groups, StringComparer.Ordinal);
        foreach (var (key, sums) in floor)
        {
            result[key] = Max(result.GetValueOrDefault(key), sums);
        }

        return result;
    }

    private static Dictionary<string, UsageSums> Sums(UsageApiAnswer answer) => answer.Groups.ToDictionary(g => g.Key, g => g.Value.Sums, StringComparer.Ordinal);
}
