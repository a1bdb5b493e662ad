namespace Telemetry.Sources.Logs;

/// <summary>The requests whose ids have one form (UUID bits or text): their summaries and their expiry order.</summary>
internal sealed class RequestsById<TKey>(SortedDurations latencies, IEqualityComparer<TKey> comparer)
    where TKey : notnull
{
    private readonly ShardedSummaries<TKey> _requests = new(comparer);

    // Ordered by each request's smallest key; a request whose smallest key changed, or that left, leaves a stale
    // entry behind, recognised on the way out because its priority is not the request's smallest key.
    private PriorityQueue<TKey, long> _expiry = new();

    // During a bulk read latencies are not followed row by row; AddLatencies gives them all at its end.
    private bool _bulk;

    public int Count => _requests.Count;

    public void Include(TKey id, long key, long at)
    {
        ref var request = ref _requests.GetOrAdd(id);
        if (_bulk)
        {
            // Latencies and the expiry order are made once at the bulk read's end (AddLatencies).
            request = request.Include(key, at);
            return;
        }

        var (before, firstKey) = (request.Latency, request.MinKey);
        request = request.Include(key, at);
        Relatency(before, request.Latency);
        if (request.MinKey != firstKey)
        {
            _expiry.Enqueue(id, request.MinKey);
        }
    }

    public void Expire(long since, Func<TKey, string> text, ref List<string>? partly)
    {
        while (_expiry.TryPeek(out var id, out var key) && key < since)
        {
            _expiry.Dequeue();
            if (!_requests.TryGetValue(id, out var request) || key != request.MinKey)
            {
                continue;
            }

            if (request.MaxKey < since)
            {
                Drop(id, request);
            }
            else
            {
                (partly ??= []).Add(text(id));
            }
        }
    }

    public void Replace(TKey id, string requestId, IEnumerable<(long Key, long At)> rows, long since)
    {
        if (!_requests.TryGetValue(id, out var old))
        {
            throw new InvalidOperationException($"request {requestId} is not in the window");
        }

        Drop(id, old);
        foreach (var (key, at) in rows)
        {
            if (key >= since)
            {
                Include(id, key, at);
            }
        }
    }

    /// <summary>Stops following latencies row by row, until <see cref="AddLatencies"/>.</summary>
    public void BeginBulk() => _bulk = true;

    /// <summary>Adds every request's latency to the (cleared) sorted latencies and follows them row by row again; after a bulk read, orders the requests for expiry.</summary>
    public void AddLatencies()
    {
        var bulk = _bulk;
        _bulk = false;
        foreach (var (_, request) in _requests.All)
        {
            if (request.Latency is { } latency)
            {
                latencies.Add(latency);
            }
        }

        if (bulk)
        {
            RebuildExpiry();
        }
    }

    public void TrimExcess()
    {
        _requests.TrimExcess();

        // Stale entries (requests gone or moved) make the heap larger than the requests: rebuilt rather than trimmed,
        // since a heap grows by doubling from its size.
        if (_expiry.Count != _requests.Count)
        {
            RebuildExpiry();
        }
    }

    public void Clear()
    {
        _requests.Clear();
        _expiry.Clear();
    }

    /// <summary>Writes every request's id and summary (for <see cref="Tables.KeptWindows"/>).</summary>
    public void Write(BinaryWriter writer, Action<BinaryWriter, TKey> writeId)
    {
        writer.Write(_requests.Count);
        foreach (var (id, request) in _requests.All)
        {
            writeId(writer, id);
            writer.Write(request.Rows);
            writer.Write(request.First);
            writer.Write(request.Last);
            writer.Write(request.MinKey);
            writer.Write(request.MaxKey);
        }
    }

    /// <summary>Replaces every request with those <see cref="Write"/> wrote; the latencies are the caller's to add (<see cref="AddLatencies"/>).</summary>
    public void Read(BinaryReader reader, Func<BinaryReader, TKey> readId)
    {
        Clear();
        var count = reader.ReadInt32();
        _requests.EnsureCapacity(count);
        for (var i = 0; i < count; i++)
        {
            var id = readId(reader);
            _requests.GetOrAdd(id) = new RequestSummary(reader.ReadInt32(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
        }

        TrimExcess();
    }

    // In one pass (heapified): a bulk read followed no expiry order at all, and enqueueing one by one grew the heap
    // by doubling, leaving the old arrays to the GC at the read's peak.
    private void RebuildExpiry()
    {
        // Room for a sixteenth more: the next steady cycle's requests then fit without the heap doubling.
        _expiry = new PriorityQueue<TKey, long>(_requests.Count + (_requests.Count / 16) + 16);
        _expiry.EnqueueRange(_requests.All.Select(static r => (r.Key, r.Value.MinKey)));
    }

    private void Drop(TKey id, RequestSummary request)
    {
        _requests.Remove(id);
        Relatency(request.Latency, null);
    }

    private void Relatency(double? before, double? after)
    {
        if (_bulk || before == after)
        {
            return;
        }

        if (before is { } removed)
        {
            latencies.Remove(removed);
        }

        if (after is { } added)
        {
            latencies.Add(added);
        }
    }
}
