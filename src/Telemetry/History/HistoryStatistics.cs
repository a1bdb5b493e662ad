using System.Security.Cryptography;
using System.Text;
using Telemetry.Sources.Usage;

namespace Telemetry.History;

/// <summary>The statistics the usage history goes into: lifetime cost and tokens, and cost per model for the models that matter.</summary>
/// <remarks>
/// External statistics (<c>domain:object</c>) beside the live sensors, not the sensors' own: Home Assistant compiles a
/// sensor's statistics from its latest 5-minute row and never reads imported hourly rows, so history imported there
/// would meet the live series with a jump (homeassistant/components/recorder/statistics.py
/// <c>async_add_external_statistics</c>, sensor/recorder.py). Core accepts an external id only as
/// <c>^(?!.+__)(?!_)[\da-z_]+(?&lt;!_):(?!_)[\da-z_]+(?&lt;!_)$</c> with <c>source</c> equal to its domain
/// (recorder/statistics.py <c>VALID_STATISTIC_ID</c>): lower-case slugs, no double underscore anywhere. The device
/// name is part of every id, so a second agent with another device name does not collide.
/// </remarks>
internal static class HistoryStatistics
{
    public const string Domain = "thane_telemetry";

    public const string Dollars = "USD";

    public const string Tokens = "tokens";

    /// <summary>Models with a cost statistic of their own, at most; the rest are summed in one.</summary>
    public const int MaxModels = 8;

    /// <summary>Every statistic for the device, the given models having their own cost.</summary>
    public static IReadOnlyList<HistoryStatistic> For(string deviceName, IReadOnlyList<string> models)
    {
        var device = Slug(deviceName, 40);
        var title = deviceName;
        var statistics = new List<HistoryStatistic>
        {
            new(Id(device, "cost"), $"{title} cost", Dollars, null, s => s.CostNanos),
            new(Id(device, "input_tokens"), $"{title} input tokens", Tokens, null, s => s.InputTokens),
            new(Id(device, "output_tokens"), $"{title} output tokens", Tokens, null, s => s.OutputTokens),
            new(Id(device, "cache_read_tokens"), $"{title} cache read tokens", Tokens, null, s => s.CacheReadTokens),
            new(Id(device, "cache_write_tokens"), $"{title} cache write tokens", Tokens, null, s => s.CacheWriteTokens),
        };
        var used = new HashSet<string>(statistics.Select(s => s.Id), StringComparer.Ordinal);
        foreach (var model in models)
        {
            var id = Id(device, "cost_model_" + Slug(model.Length == 0 ? "none" : model, 48));
            if (!used.Add(id))
            {
                id = Id(device, "cost_model_" + Slug(model, 40) + "_" + Hash(model));
                used.Add(id);
            }

            statistics.Add(new(id, $"{title} cost {(model.Length == 0 ? "(no model)" : model)}", Dollars, model, s => s.CostNanos));
        }

        statistics.Add(new(Id(device, "cost_other_models"), $"{title} cost other models", Dollars, HistoryStatistic.OtherModels, s => s.CostNanos));
        return statistics;
    }

    /// <summary>The prefix every statistic id of this device starts with.</summary>
    public static string Prefix(string deviceName) => $"{Domain}:{Slug(deviceName, 40)}_";

    /// <summary>The models that get a statistic of their own: those that had one, then the costliest, up to <see cref="MaxModels"/>.</summary>
    /// <remarks>A model keeps its statistic once it has one, so the sum of "other models" never has to shrink after the fact more than once.</remarks>
    public static IReadOnlyList<string> Models(IEnumerable<string> remembered, IReadOnlyDictionary<string, UsageSums> lifetimeByModel)
    {
        var chosen = remembered.Distinct(StringComparer.Ordinal).ToList();
        foreach (var (model, _) in lifetimeByModel.Where(m => m.Value.CostNanos > 0).OrderByDescending(m => m.Value.CostNanos).ThenBy(m => m.Key, StringComparer.Ordinal))
        {
            if (chosen.Count >= MaxModels)
            {
                break;
            }

            if (!chosen.Contains(model, StringComparer.Ordinal))
            {
                chosen.Add(model);
            }
        }

        return chosen;
    }

    private static string Id(string device, string figure) => $"{Domain}:{device}_{figure}";

    /// <summary>Lower-case letters, digits and single underscores, none at either end; at most <paramref name="max"/> characters.</summary>
    private static string Slug(string text, int max)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c) ? c : '_';
            if (keep != '_' || (slug.Length > 0 && slug[^1] != '_'))
            {
                slug.Append(keep);
            }
        }

        var result = slug.ToString(0, Math.Min(slug.Length, max)).Trim('_');
        return result.Length == 0 ? "x" + Hash(text) : result;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..6];
}
