using System.Globalization;
using System.Text.Json;
using Telemetry.HomeAssistant;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.Sources.Usage;

/// <summary>The lifetime counters' attributes: one figure by model, provider and role, the largest first, bounded.</summary>
internal static class UsageBreakdown
{
    /// <summary>Groups beyond this many are summed into one "(other)" entry, which keeps the attributes bounded.</summary>
    public const int MaxEntries = 12;

    public static string Tokens(UsageTotalsFigures totals, Func<UsageSums, long> figure)
    {
        var breakdown = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal)
        {
            ["by_model"] = Bounded(totals.ByModel, figure),
            ["by_provider"] = Bounded(totals.ByProvider, figure),
            ["by_role"] = Bounded(totals.ByRole, figure),
        };
        return JsonSerializer.Serialize(breakdown, HomeAssistantJsonContext.Default.DictionaryStringDictionaryStringInt64);
    }

    /// <summary>Cost in dollars, to the micro-dollar as the state.</summary>
    public static string Cost(UsageTotalsFigures totals)
    {
        static Dictionary<string, decimal> Dollars(IReadOnlyDictionary<string, UsageSums> groups) =>
            Bounded(groups, g => g.CostNanos).ToDictionary(g => g.Key, g => decimal.Parse(Money(g.Value), CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var breakdown = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal)
        {
            ["by_model"] = Dollars(totals.ByModel),
            ["by_provider"] = Dollars(totals.ByProvider),
            ["by_role"] = Dollars(totals.ByRole),
        };
        return JsonSerializer.Serialize(breakdown, HomeAssistantJsonContext.Default.DictionaryStringDictionaryStringDecimal);
    }

    /// <summary>The <see cref="MaxEntries"/> largest groups (an empty name shown as "(none)"), the rest summed as "(other)".</summary>
    private static Dictionary<string, long> Bounded(IReadOnlyDictionary<string, UsageSums> groups, Func<UsageSums, long> figure)
    {
        var ordered = groups
            .GroupBy(g => g.Key.Length == 0 ? "(none)" : g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: g.Sum(e => figure(e.Value))))
            .OrderByDescending(g => g.Value).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
        var bounded = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in ordered.Take(MaxEntries))
        {
            bounded[name] = value;
        }

        if (ordered.Count > MaxEntries)
        {
            bounded["(other)"] = bounded.GetValueOrDefault("(other)") + ordered.Skip(MaxEntries).Sum(g => g.Value);
        }

        return bounded;
    }
}
