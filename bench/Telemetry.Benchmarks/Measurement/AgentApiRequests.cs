using System.Globalization;
using System.Text.Json;
using Telemetry.AgentSimulator;
using Telemetry.Sources.Usage;
using Telemetry.Sources.Usage.Api;

namespace Telemetry.Benchmarks.Measurement;

/// <summary>
/// The add-on's usage requests, as its own rules (<see cref="UsageHours"/>) make them, so that the benchmark follows the
/// product rather than a copy of its schedule: the reader is driven through a first start and two tops of the hour
/// with the agent's real answers.
/// </summary>
/// <param name="Steady">Every cycle: the 24-hour window by model (<c>UsageApiReader.Window</c>).</param>
/// <param name="FirstStart">The first start, without state in <c>/data</c>.</param>
/// <param name="FirstTop">The first top of the hour after the first start (no hour followed yet, day and month unknown).</param>
/// <param name="SteadyTop">Every later top of the hour.</param>
internal sealed record AgentApiRequests(
    IReadOnlyList<UsageQuery> Steady, IReadOnlyList<UsageQuery> FirstStart, IReadOnlyList<UsageQuery> FirstTop, IReadOnlyList<UsageQuery> SteadyTop)
{
    /// <param name="top">A top of the hour in <paramref name="zone"/>, the agent's clock: the requests' windows all end there.</param>
    public static AgentApiRequests Follow(AgentUsageApi api, DateTimeOffset top, TimeZoneInfo zone)
    {
        // The first start is read at any second; its answers end at the agent's "now", here the top itself, as its first top's do.
        var firstStart = UsageHours.FirstQueries(top);
        var started = UsageHours.First(Answers(api, firstStart));
        var firstTop = UsageHours.HourQueries(started, top, zone);
        var followed = UsageHours.Hour(started, top, zone, Answers(api, firstTop));
        var steadyTop = UsageHours.HourQueries(followed, top.AddHours(1), zone);
        return new AgentApiRequests([new UsageQuery(24, "model")], firstStart, firstTop, steadyTop);
    }

    public static void Ask(AgentUsageApi api, IEnumerable<UsageQuery> queries)
    {
        foreach (var query in queries)
        {
            _ = Ask(api, query);
        }
    }

    /// <summary>The requests in short: <c>2h×model</c>, <c>12h</c> for an ungrouped one.</summary>
    public static string Describe(IEnumerable<UsageQuery> queries) =>
        string.Join(", ", queries.Select(q => string.Create(CultureInfo.InvariantCulture, $"{q.Hours}h{(q.GroupBy is { } g ? "×" + g : "")}")));

    private static Dictionary<UsageQuery, UsageApiAnswer> Answers(AgentUsageApi api, IEnumerable<UsageQuery> queries) =>
        queries.ToDictionary(q => q, q =>
        {
            using var document = JsonDocument.Parse(Ask(api, q));
            return UsageApiAnswer.Parse(document.RootElement);
        });

    private static string Ask(AgentUsageApi api, UsageQuery query)
    {
        var (status, body) = api.Answer(query.Hours.ToString(CultureInfo.InvariantCulture), query.GroupBy);
        return status == 200 ? body : throw new InvalidOperationException($"{query.Path}: {status} {body}");
    }
}
