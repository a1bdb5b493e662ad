namespace Telemetry.Sources.Logs;

/// <summary>Requests, errors and latencies of the log rows in the 24-hour window, kept up to date as rows arrive and expire.</summary>
/// <remarks>
/// Rows come in by <see cref="Add"/> only when they are in the window (their <see cref="WindowKey"/> is at or after
/// the window start). A request keeps a summary, not its rows: its row count, its first and last parsed time, and the
/// smallest and largest key of its rows. When the window start passes its smallest key, either every row has gone
/// (the largest key is behind too) or the request is read again from the database by its id (<see cref="Expire"/>
/// names those, <see cref="Replace"/> takes their rows back). Errors are kept as keys only. Memory is therefore one
/// summary per request and one number per error in the window, whatever the size of the file.
/// </remarks>
internal sealed class RequestWindow
{
    private readonly Dictionary<string, Request> _requests = new(StringComparer.Ordinal);

    // Ordered by each request's smallest key; a request whose smallest key changed leaves a stale entry behind,
    // recognised on the way out because its priority no longer matches.
    private readonly PriorityQueue<Request, long> _expiry = new();
    private readonly PriorityQueue<long, long> _errors = new();
    private readonly SortedDurations _latencies = new();

    public int Requests => _requests.Count;

    public int Errors => _errors.Count;

    /// <summary>Adds a row that is in the window.</summary>
    /// <param name="key">The row's <see cref="WindowKey"/>.</param>
    /// <param name="at">The row's parsed time, as UTC ticks.</param>
    public void Add(string? requestId, string level, long key, long at)
    {
        if (IsError(level))
        {
            _errors.Enqueue(key, key);
        }

        if (string.IsNullOrEmpty(requestId))
        {
            return;
        }

        if (!_requests.TryGetValue(requestId, out var request))
        {
            request = new Request(requestId);
            _requests.Add(requestId, request);
        }

        var before = request.Latency;
        var firstKey = request.MinKey;
        request.Include(key, at);
        Relatency(before, request.Latency);
        if (request.MinKey != firstKey)
        {
            _expiry.Enqueue(request, request.MinKey);
        }
    }

    /// <summary>Moves the window start to <paramref name="since"/>.</summary>
    /// <returns>The requests that lost some rows but not all: read their rows again and pass them to <see cref="Replace"/>.</returns>
    public IReadOnlyList<string> Expire(long since)
    {
        while (_errors.TryPeek(out _, out var key) && key < since)
        {
            _errors.Dequeue();
        }

        List<string>? partly = null;
        while (_expiry.TryPeek(out var request, out var key) && key < since)
        {
            _expiry.Dequeue();
            if (request.Removed || key != request.MinKey)
            {
                continue;
            }

            if (request.MaxKey < since)
            {
                Drop(request);
            }
            else
            {
                (partly ??= []).Add(request.Id);
            }
        }

        return partly ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Replaces a request's summary with one made of <paramref name="rows"/> (key, parsed time), keeping those in the window.</summary>
    public void Replace(string requestId, IEnumerable<(long Key, long At)> rows, long since)
    {
        if (!_requests.TryGetValue(requestId, out var old))
        {
            throw new InvalidOperationException($"request {requestId} is not in the window");
        }

        Drop(old);
        foreach (var (key, at) in rows)
        {
            if (key >= since)
            {
                Add(requestId, "", key, at);
            }
        }
    }

    public LogStats ToStats(long fileBytes)
    {
        double? p50 = _latencies.Count == 0 ? null : Percentile.Of(_latencies.Values, 50);
        double? p95 = _latencies.Count == 0 ? null : Percentile.Of(_latencies.Values, 95);
        return new LogStats(fileBytes, _requests.Count, _errors.Count, p50, p95);
    }

    public void Clear()
    {
        _requests.Clear();
        _expiry.Clear();
        _errors.Clear();
        _latencies.Clear();
    }

    /// <summary>slog renders levels above ERROR as <c>ERROR+n</c>; they are errors too.</summary>
    public static bool IsError(string level) =>
        level == "ERROR" || level.StartsWith("ERROR+", StringComparison.Ordinal);

    private void Drop(Request request)
    {
        request.Removed = true;
        _requests.Remove(request.Id);
        Relatency(request.Latency, null);
    }

    private void Relatency(double? before, double? after)
    {
        if (before == after)
        {
            return;
        }

        if (before is { } removed)
        {
            _latencies.Remove(removed);
        }

        if (after is { } added)
        {
            _latencies.Add(added);
        }
    }

    private sealed class Request(string id)
    {
        public string Id { get; } = id;

        public int Rows { get; private set; }

        public long First { get; private set; } = long.MaxValue;

        public long Last { get; private set; } = long.MinValue;

        public long MinKey { get; private set; } = long.MaxValue;

        public long MaxKey { get; private set; } = long.MinValue;

        public bool Removed { get; set; }

        /// <summary>As in the agent: a request needs two rows and a positive span to have a latency.</summary>
        public double? Latency => Rows > 1 && Last > First ? TimeSpan.FromTicks(Last - First).TotalMilliseconds : null;

        public void Include(long key, long at)
        {
            Rows++;
            First = Math.Min(First, at);
            Last = Math.Max(Last, at);
            MinKey = Math.Min(MinKey, key);
            MaxKey = Math.Max(MaxKey, key);
        }
    }
}
