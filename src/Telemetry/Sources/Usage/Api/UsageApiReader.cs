using Microsoft.Extensions.Logging;
using Telemetry.Options;
using Telemetry.Sources.AgentApi;

namespace Telemetry.Sources.Usage.Api;

/// <summary>Reads token usage and cost from the agent's <c>GET /v1/telemetry/usage</c>, for an agent whose files are on another machine.</summary>
/// <remarks>
/// <para>
/// Each cycle asks the 24-hour window by model: the agent's own figures, as its telemetry counts them. The lifetime,
/// today and this month come from <see cref="UsageHours"/>: read in full once, then followed at each local top of the
/// hour, when this reader asks for a cycle of its own (<see cref="NextCycleAt"/>) aimed at that second of the agent's
/// clock (<see cref="AgentClock"/>). Between two tops they stay as the last read made them, exact as of that second;
/// a read that misses its second (the agent answered in another one) waits for the next top.
/// </para>
/// <para>
/// The agent answering nothing, an error or a body of another shape makes the source unavailable; the totals known
/// are kept, so they come back with the same values. What is known is kept in <see cref="UsageHoursStore"/>.
/// </para>
/// </remarks>
internal sealed class UsageApiReader(AgentApiClient api, UsageHoursStore store, TelemetryOptions options, TimeProvider timeProvider, ILogger<UsageApiReader> logger)
    : IReader<UsageFigures>
{
    private static readonly UsageQuery Window = new(24, "model");

    /// <summary>
    /// For a request that sums more than a month of rows (the whole history at the first start, or after a long
    /// outage): the agent walks every row through its timestamp index, about 6 s of its CPU per request at 5 million
    /// rows (BENCHMARKS.md section 7), and the requests of one read must go together. Such a read holds its cycle once.
    /// </summary>
    private static readonly TimeSpan LongReadTimeout = TimeSpan.FromMinutes(5);

    /// <summary>After a first read that failed, the wait before the whole history is asked again: the agent finishes abandoned queries anyway.</summary>
    private static readonly TimeSpan FirstReadRetry = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Aim = TimeSpan.FromMilliseconds(500);

    private readonly AgentClock _clock = new();
    private readonly TimeZoneInfo _zone = timeProvider.LocalTimeZone;
    private UsageHoursState? _state;
    private bool _loaded;
    private DateTimeOffset? _nextTop;
    private DateTimeOffset _firstReadAllowedAt = DateTimeOffset.MinValue;

    public bool BlocksThread => false;

    /// <summary>The next local top of the hour, in the add-on's clock, aimed half a second into that second of the agent's.</summary>
    public DateTimeOffset? NextCycleAt => _nextTop is { } top ? _clock.ToOurs(top + Aim) : null;

    public async Task<Reading<UsageFigures>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_loaded && options.AgentUrl is { } agent)
        {
            _state = store.Load(agent, _zone);
            _loaded = true;
        }

        var agentNow = _clock.ToAgent(now);
        _nextTop ??= UsageHours.NextTop(agentNow, _zone);
        var top = agentNow >= _nextTop ? _nextTop : null;
        if (top is not null)
        {
            _nextTop = UsageHours.NextTop(agentNow, _zone);
        }

        // Sent together, so that a top of the hour's requests are answered in the same second of the agent.
        var history = _state is null ? (now >= _firstReadAllowedAt ? UsageHours.FirstQueries(now) : [])
            : top is { } at && agentNow < at + TimeSpan.FromSeconds(1) ? UsageHours.HourQueries(_state, at, _zone)
            : [];
        var window = AskAsync(Window, cancellationToken);
        var asked = history.Select(q => (Query: q, Answer: AskAsync(q, cancellationToken))).ToList();
        var windowAnswer = await window;
        var answers = new Dictionary<UsageQuery, ApiAnswer<UsageApiAnswer>>();
        foreach (var (query, answer) in asked)
        {
            answers[query] = await answer;
        }

        Follow(answers, top);
        if (_state is null && answers.Count > 0)
        {
            _firstReadAllowedAt = now + FirstReadRetry;
        }

        if (windowAnswer.Value is not { } figures)
        {
            return Reading<UsageFigures>.Unavailable(windowAnswer.Problem ?? "no answer");
        }

        return _state is null
            ? Reading<UsageFigures>.Unavailable(answers.Values.FirstOrDefault(a => a.Problem is not null)?.Problem ?? "the agent's usage history could not be read in one second; asking again")
            : Reading<UsageFigures>.Ok(new UsageFigures(WindowFigures(figures), UsageHours.Totals(_state, now, _zone)));
    }

    private async Task<ApiAnswer<UsageApiAnswer>> AskAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        var answer = await api.AskAsync(query.Path, "the agent's usage summary", UsageApiAnswer.Parse, cancellationToken, query.Hours > 744 ? LongReadTimeout : null);
        if (answer.Value is { } value)
        {
            _clock.Observe(value.End, answer.Sent, answer.Received);
        }

        return answer;
    }

    /// <summary>Takes a read of the history when every answer came, in one and the same second (the top's, for a top's read).</summary>
    private void Follow(Dictionary<UsageQuery, ApiAnswer<UsageApiAnswer>> answers, DateTimeOffset? top)
    {
        if (answers.Count == 0)
        {
            return;
        }

        var values = answers.Where(a => a.Value.Value is not null).ToDictionary(a => a.Key, a => a.Value.Value!);
        var ends = values.Values.Select(v => v.End).Distinct().ToList();
        if (values.Count < answers.Count || ends.Count != 1 || (_state is not null && ends[0] != top))
        {
            Log.UsageHours(logger, $"read missed (answers at {string.Join(", ", ends.Select(e => e.ToString("O")))}, expected {top?.ToString("O") ?? "one second"})");
            return;
        }

        _state = _state is null ? UsageHours.First(values) : UsageHours.Hour(_state, ends[0], _zone, values);
        Log.UsageHours(logger, $"followed to {ends[0]:O}, {_state.Through.All.Rows} rows in all");
        if (options.AgentUrl is { } agent)
        {
            store.Save(agent, _zone, _state);
        }
    }

    private static UsageWindowFigures WindowFigures(UsageApiAnswer window)
    {
        var byModel = window.Groups
            .Select(g => new ModelUsage(g.Key, g.Value.Sums.InputTokens, g.Value.Sums.OutputTokens, g.Value.Cost))
            .OrderByDescending(m => m.CostUsd).ThenBy(m => m.Model, StringComparer.Ordinal)
            .ToList();
        return new UsageWindowFigures(window.Summary.InputTokens, window.Summary.OutputTokens, window.Cost, byModel, window.Summary.CacheReadTokens, window.Summary.CacheWriteTokens);
    }
}
