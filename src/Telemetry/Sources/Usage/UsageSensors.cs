using System.Text.Json;
using Telemetry.HomeAssistant;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.Sources.Usage;

/// <summary>The sensors of <c>usage_records</c>: the agent package's 24-hour figures, then what Home Assistant can keep.</summary>
/// <remarks>
/// <para>
/// The 24-hour cost has no device class: a <c>monetary</c> sensor may only be <c>total</c>, wrong for a rolling figure.
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
    public static IReadOnlyList<Sensor<UsageFigures>> All { get; } =
    [
        new(UsageSource.Key) { Key = "tokens_24h_input", Name = "Tokens 24h Input", State = u => Integer(u.Window.InputTokens),
            Icon = "mdi:arrow-down", Unit = "tokens", StateClass = StateClasses.Measurement },
        new(UsageSource.Key) { Key = "tokens_24h_output", Name = "Tokens 24h Output", State = u => Integer(u.Window.OutputTokens),
            Icon = "mdi:arrow-up", Unit = "tokens", StateClass = StateClasses.Measurement },
        new(UsageSource.Key) { Key = "tokens_24h_cost", Name = "Tokens 24h Cost", State = u => Fixed(u.Window.CostUsd, 4), Attributes = CostByModel,
            Icon = "mdi:currency-usd", Unit = "USD", StateClass = StateClasses.Measurement, DisplayPrecision = 2 },

        new(UsageSource.Key) { Key = "tokens_total_input", Name = "Tokens Total Input", State = u => Integer(u.Totals.Lifetime.InputTokens),
            Attributes = u => UsageBreakdown.Tokens(u.Totals, s => s.InputTokens), Icon = "mdi:arrow-down-bold", Unit = "tokens", StateClass = StateClasses.TotalIncreasing },
        new(UsageSource.Key) { Key = "tokens_total_output", Name = "Tokens Total Output", State = u => Integer(u.Totals.Lifetime.OutputTokens),
            Attributes = u => UsageBreakdown.Tokens(u.Totals, s => s.OutputTokens), Icon = "mdi:arrow-up-bold", Unit = "tokens", StateClass = StateClasses.TotalIncreasing },
        new(UsageSource.Key) { Key = "tokens_total_cache_read", Name = "Tokens Total Cache Read", EnabledByDefault = false, State = u => Integer(u.Totals.Lifetime.CacheReadTokens),
            Attributes = u => UsageBreakdown.Tokens(u.Totals, s => s.CacheReadTokens), Icon = "mdi:cached", Unit = "tokens", StateClass = StateClasses.TotalIncreasing },
        new(UsageSource.Key) { Key = "tokens_total_cache_write", Name = "Tokens Total Cache Write", EnabledByDefault = false, State = u => Integer(u.Totals.Lifetime.CacheWriteTokens),
            Attributes = u => UsageBreakdown.Tokens(u.Totals, s => s.CacheWriteTokens), Icon = "mdi:database-arrow-down", Unit = "tokens", StateClass = StateClasses.TotalIncreasing },
        new(UsageSource.Key) { Key = "cost_total", Name = "Cost Total", State = u => Money(u.Totals.Lifetime.CostNanos), Attributes = u => UsageBreakdown.Cost(u.Totals),
            Icon = "mdi:cash-multiple", Unit = "USD", DeviceClass = DeviceClasses.Monetary, StateClass = StateClasses.Total, DisplayPrecision = 2 },

        new(UsageSource.Key) { Key = "cost_today", Name = "Cost Today", State = u => WithLastReset(u.Totals.Today is { } today ? Money(today.CostNanos) : null, u.Totals.TodayStart),
            Icon = "mdi:cash-clock", Unit = "USD", DeviceClass = DeviceClasses.Monetary, StateClass = StateClasses.Total, DisplayPrecision = 2,
            ValueTemplate = SensorTemplates.Value, LastResetValueTemplate = SensorTemplates.LastReset },
        new(UsageSource.Key) { Key = "cost_this_month", Name = "Cost This Month", State = u => WithLastReset(u.Totals.Month is { } month ? Money(month.CostNanos) : null, u.Totals.MonthStart),
            Icon = "mdi:calendar-month", Unit = "USD", DeviceClass = DeviceClasses.Monetary, StateClass = StateClasses.Total, DisplayPrecision = 2,
            ValueTemplate = SensorTemplates.Value, LastResetValueTemplate = SensorTemplates.LastReset },
        new(UsageSource.Key) { Key = "tokens_today_input", Name = "Tokens Today Input", State = u => WithLastReset(u.Totals.Today is { } today ? Integer(today.InputTokens) : null, u.Totals.TodayStart),
            Icon = "mdi:arrow-down", Unit = "tokens", StateClass = StateClasses.Total, ValueTemplate = SensorTemplates.Value, LastResetValueTemplate = SensorTemplates.LastReset },
        new(UsageSource.Key) { Key = "tokens_today_output", Name = "Tokens Today Output", State = u => WithLastReset(u.Totals.Today is { } today ? Integer(today.OutputTokens) : null, u.Totals.TodayStart),
            Icon = "mdi:arrow-up", Unit = "tokens", StateClass = StateClasses.Total, ValueTemplate = SensorTemplates.Value, LastResetValueTemplate = SensorTemplates.LastReset },

        new(UsageSource.Key) { Key = "tokens_24h_cache_read", Name = "Tokens 24h Cache Read", EnabledByDefault = false, State = u => Integer(u.Window.CacheReadTokens),
            Icon = "mdi:cached", Unit = "tokens", StateClass = StateClasses.Measurement },
        new(UsageSource.Key) { Key = "tokens_24h_cache_write", Name = "Tokens 24h Cache Write", EnabledByDefault = false, State = u => Integer(u.Window.CacheWriteTokens),
            Icon = "mdi:database-arrow-down", Unit = "tokens", StateClass = StateClasses.Measurement },
        new(UsageSource.Key) { Key = "cache_hit_rate_24h", Name = "Cache Hit Rate 24h", State = u => Fixed(u.Window.CacheHitRate, 1),
            Icon = "mdi:bullseye-arrow", Unit = "%", StateClass = StateClasses.Measurement, DisplayPrecision = 1 },
    ];

    /// <summary>Per-model usage of the window as attributes, as the agent's package has them; an empty object clears the last window's models.</summary>
    private static string CostByModel(UsageFigures usage)
    {
        var byModel = new Dictionary<string, ModelTokens>(StringComparer.Ordinal);
        foreach (var model in usage.Window.ByModel)
        {
            byModel[model.Model] = new ModelTokens(model.InputTokens, model.OutputTokens, Math.Round(model.CostUsd, 6));
        }

        return JsonSerializer.Serialize(byModel, HomeAssistantJsonContext.Default.DictionaryStringModelTokens);
    }
}
