using System.Text.Json;
using Telemetry.Collection;
using Telemetry.Sources;
using Telemetry.Sources.Usage;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.HomeAssistant;

/// <summary>Figures Home Assistant can keep: lifetime counters, today and this month, and the prompt cache over 24 hours.</summary>
/// <remarks>
/// <para>
/// Lifetime counters only grow (the agent never deletes usage rows), so long-term statistics, energy-style views and
/// utility meters work on them: tokens as <c>total_increasing</c>; cost as <c>monetary</c>, which Home Assistant
/// allows only with <c>total</c>.
/// </para>
/// <para>
/// Today and this month restart at local midnight and on the first of the month. They are <c>total</c> with a
/// <c>last_reset</c> read from the state itself (<see cref="StateText.WithLastReset"/>), so Home Assistant's
/// statistics start a new period exactly there: no negative spike at midnight, and no double counting when the
/// add-on was stopped across one (a <c>total_increasing</c> sensor cannot tell that a larger value after a stop
/// belongs to a new day).
/// </para>
/// </remarks>
internal static class UsageSensors
{
    private const string Measurement = "measurement";
    private const string Total = "total";
    private const string TotalIncreasing = "total_increasing";
    private const string Monetary = "monetary";

    /// <summary>Groups beyond this many are summed into one "other" entry, which keeps the attributes bounded.</summary>
    public const int MaxBreakdownEntries = 12;

    public static IReadOnlyList<Sensor> All { get; } =
    [
        new() { Key = "tokens_total_input", Name = "Tokens Total Input", Source = SourceKey.Usage, State = s => Integer(Totals(s).Lifetime.InputTokens),
                Attributes = s => Breakdown(s, u => u.InputTokens), Icon = "mdi:arrow-down-bold", Unit = "tokens", StateClass = TotalIncreasing },
        new() { Key = "tokens_total_output", Name = "Tokens Total Output", Source = SourceKey.Usage, State = s => Integer(Totals(s).Lifetime.OutputTokens),
                Attributes = s => Breakdown(s, u => u.OutputTokens), Icon = "mdi:arrow-up-bold", Unit = "tokens", StateClass = TotalIncreasing },
        new() { Key = "tokens_total_cache_read", Name = "Tokens Total Cache Read", Source = SourceKey.Usage, State = s => Integer(Totals(s).Lifetime.CacheReadTokens),
                Attributes = s => Breakdown(s, u => u.CacheReadTokens), Icon = "mdi:cached", Unit = "tokens", StateClass = TotalIncreasing },
        new() { Key = "tokens_total_cache_write", Name = "Tokens Total Cache Write", Source = SourceKey.Usage, State = s => Integer(Totals(s).Lifetime.CacheWriteTokens),
                Attributes = s => Breakdown(s, u => u.CacheWriteTokens), Icon = "mdi:database-arrow-down", Unit = "tokens", StateClass = TotalIncreasing },
        new() { Key = "cost_total", Name = "Cost Total", Source = SourceKey.Usage, State = s => Money(Totals(s).Lifetime.CostNanos),
                Attributes = CostBreakdown, Icon = "mdi:cash-multiple", Unit = "USD", DeviceClass = Monetary, StateClass = Total, DisplayPrecision = 2 },

        new() { Key = "cost_today", Name = "Cost Today", Source = SourceKey.Usage, State = s => WithLastReset(Money(Totals(s).Today.CostNanos), Totals(s).TodayStart),
                Icon = "mdi:cash-clock", Unit = "USD", DeviceClass = Monetary, StateClass = Total, DisplayPrecision = 2,
                ValueTemplate = SensorTemplates.Value, LastResetValueTemplate = SensorTemplates.LastReset },
        new() { Key = "cost_this_month", Name = "Cost This Month", Source = SourceKey.Usage, State = s => WithLastReset(Money(Totals(s).Month.CostNanos), Totals(s).MonthStart),
                Icon = "mdi:calendar-month", Unit = "USD", DeviceClass = Monetary, StateClass = Total, DisplayPrecision = 2,
                ValueTemplate = SensorTemplates.Value, LastResetValueTemplate = SensorTemplates.LastReset },
        new() { Key = "tokens_today_input", Name = "Tokens Today Input", Source = SourceKey.Usage, State = s => WithLastReset(Integer(Totals(s).Today.InputTokens), Totals(s).TodayStart),
                Icon = "mdi:arrow-down", Unit = "tokens", StateClass = Total, ValueTemplate = SensorTemplates.Value, LastResetValueTemplate = SensorTemplates.LastReset },
        new() { Key = "tokens_today_output", Name = "Tokens Today Output", Source = SourceKey.Usage, State = s => WithLastReset(Integer(Totals(s).Today.OutputTokens), Totals(s).TodayStart),
                Icon = "mdi:arrow-up", Unit = "tokens", StateClass = Total, ValueTemplate = SensorTemplates.Value, LastResetValueTemplate = SensorTemplates.LastReset },

        new() { Key = "tokens_24h_cache_read", Name = "Tokens 24h Cache Read", Source = SourceKey.Usage, State = s => Integer(s.Usage.Value!.CacheReadTokens),
                Icon = "mdi:cached", Unit = "tokens", StateClass = Measurement },
        new() { Key = "tokens_24h_cache_write", Name = "Tokens 24h Cache Write", Source = SourceKey.Usage, State = s => Integer(s.Usage.Value!.CacheWriteTokens),
                Icon = "mdi:database-arrow-down", Unit = "tokens", StateClass = Measurement },
        new() { Key = "cache_hit_rate_24h", Name = "Cache Hit Rate 24h", Source = SourceKey.Usage, State = s => Fixed(s.Usage.Value!.CacheHitRate, 1),
                Icon = "mdi:bullseye-arrow", Unit = "%", StateClass = Measurement, DisplayPrecision = 1 },
    ];

    private static UsageTotalsStats Totals(Snapshot snapshot) => snapshot.Usage.Value!.Totals!;

    /// <summary>One figure by model, provider and role, the largest first, bounded.</summary>
    private static string Breakdown(Snapshot snapshot, Func<UsageSums, long> figure)
    {
        var totals = Totals(snapshot);
        var breakdown = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal)
        {
            ["by_model"] = Bounded(totals.ByModel, figure),
            ["by_provider"] = Bounded(totals.ByProvider, figure),
            ["by_role"] = Bounded(totals.ByRole, figure),
        };
        return JsonSerializer.Serialize(breakdown, HomeAssistantJsonContext.Default.DictionaryStringDictionaryStringInt64);
    }

    /// <summary>Cost by model, provider and role in dollars, the largest first, bounded.</summary>
    private static string CostBreakdown(Snapshot snapshot)
    {
        var totals = Totals(snapshot);
        Dictionary<string, decimal> Dollars(IReadOnlyDictionary<string, UsageSums> groups) =>
            Bounded(groups, g => g.CostNanos).ToDictionary(g => g.Key, g => decimal.Parse(Money(g.Value), System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var breakdown = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal)
        {
            ["by_model"] = Dollars(totals.ByModel),
            ["by_provider"] = Dollars(totals.ByProvider),
            ["by_role"] = Dollars(totals.ByRole),
        };
        return JsonSerializer.Serialize(breakdown, HomeAssistantJsonContext.Default.DictionaryStringDictionaryStringDecimal);
    }

    /// <summary>The <see cref="MaxBreakdownEntries"/> largest groups (an empty name shown as "(none)"), the rest summed as "(other)".</summary>
    private static Dictionary<string, long> Bounded(IReadOnlyDictionary<string, UsageSums> groups, Func<UsageSums, long> figure)
    {
        var ordered = groups
            .GroupBy(g => g.Key.Length == 0 ? "(none)" : g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: g.Sum(e => figure(e.Value))))
            .OrderByDescending(g => g.Value).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
        var bounded = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in ordered.Take(MaxBreakdownEntries))
        {
            bounded[name] = value;
        }

        if (ordered.Count > MaxBreakdownEntries)
        {
            bounded["(other)"] = bounded.GetValueOrDefault("(other)") + ordered.Skip(MaxBreakdownEntries).Sum(g => g.Value);
        }

        return bounded;
    }
}
