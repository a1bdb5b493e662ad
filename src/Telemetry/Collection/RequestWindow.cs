namespace Telemetry.Collection;

/// <summary>Aggregates log rows of one window into request, error and latency figures.</summary>
internal sealed class RequestWindow
{
    private readonly Dictionary<string, (DateTimeOffset First, DateTimeOffset Last, int Rows)> _requests = new(StringComparer.Ordinal);
    private long _errors;

    public void Add(string? requestId, string level, DateTimeOffset at)
    {
        if (IsError(level))
        {
            _errors++;
        }

        if (string.IsNullOrEmpty(requestId))
        {
            return;
        }

        _requests[requestId] = _requests.TryGetValue(requestId, out var span)
            ? (at < span.First ? at : span.First, at > span.Last ? at : span.Last, span.Rows + 1)
            : (at, at, 1);
    }

    public LogStats ToStats(long fileBytes)
    {
        // As in the agent: a request needs two rows and a positive span to have a latency.
        var durations = _requests.Values
            .Where(span => span.Rows > 1 && span.Last > span.First)
            .Select(span => (span.Last - span.First).TotalMilliseconds)
            .Order()
            .ToList();
        double? p50 = durations.Count == 0 ? null : Percentile.Of(durations, 50);
        double? p95 = durations.Count == 0 ? null : Percentile.Of(durations, 95);
        return new LogStats(fileBytes, _requests.Count, _errors, p50, p95);
    }

    /// <summary>slog renders levels above ERROR as <c>ERROR+n</c>; they are errors too.</summary>
    public static bool IsError(string level) =>
        level == "ERROR" || level.StartsWith("ERROR+", StringComparison.Ordinal);
}
