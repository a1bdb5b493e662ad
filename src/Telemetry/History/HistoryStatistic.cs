using Telemetry.Sources.Usage;

namespace Telemetry.History;

/// <summary>One external statistic the usage history is imported into.</summary>
/// <param name="Id">The statistic id, <c>thane_telemetry:&lt;device&gt;_&lt;figure&gt;</c>.</param>
/// <param name="Model">The model it counts, <see cref="OtherModels"/> for the models without one of their own, null for all.</param>
/// <param name="Figure">The figure of a sum it shows: tokens, or cost in nano-dollars.</param>
internal sealed record HistoryStatistic(string Id, string Name, string Unit, string? Model, Func<UsageSums, long> Figure)
{
    /// <summary>Stands for every model that has no statistic of its own.</summary>
    public const string OtherModels = "\0other";

    public bool IsCost => Unit == HistoryStatistics.Dollars;

    /// <summary>The value Home Assistant gets: dollars for cost, a count for tokens.</summary>
    public double Value(UsageSums sums) => IsCost ? Figure(sums) / 1e9 : Figure(sums);
}
