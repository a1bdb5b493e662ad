using System.Text;

namespace Telemetry.Sources.Logs;

/// <summary>Requests, errors and latencies of the log rows in the 24-hour window, kept up to date as rows arrive and expire.</summary>
/// <remarks>
/// Rows come in by <see cref="Add(string, string, long, long)"/> only when they are in the window (their <see cref="WindowKey"/> is at or after
/// the window start). A request keeps a summary, not its rows: its row count, its first and last parsed time, and the
/// smallest and largest key of its rows, kept by the id's 128 bits when it is a UUID (see <see cref="UuidText"/>), by its text
/// otherwise. When the window start passes its smallest key, either every row has gone
/// (the largest key is behind too) or the request is read again from the database by its id (<see cref="Expire"/>
/// names those, <see cref="Replace"/> takes their rows back). Errors are kept as keys only. Memory is therefore one
/// summary per request and one number per error in the window, whatever the size of the file.
/// </remarks>
internal sealed class RequestWindow
{
    private readonly SortedDurations _latencies = new();
    private readonly PriorityQueue<long, long> _errors = new();
    private readonly RequestsById<UInt128> _byUuid;
    private readonly RequestsById<string> _byText;

    public RequestWindow()
    {
        _byUuid = new RequestsById<UInt128>(_latencies, EqualityComparer<UInt128>.Default);
        _byText = new RequestsById<string>(_latencies, StringComparer.Ordinal);
    }

    public int Requests => _byUuid.Count + _byText.Count;

    public int Errors => _errors.Count;

    /// <summary>Adds a row that is in the window.</summary>
    /// <param name="key">The row's <see cref="WindowKey"/>.</param>
    /// <param name="at">The row's parsed time, as UTC ticks.</param>
    public void Add(string? requestId, string level, long key, long at)
    {
        CountError(level, key);
        if (string.IsNullOrEmpty(requestId))
        {
            return;
        }

        if (UuidText.TryParse(requestId, out var uuid))
        {
            _byUuid.Include(uuid, key, at);
        }
        else
        {
            _byText.Include(requestId, key, at);
        }
    }

    /// <summary>The same, with the request id as the database's UTF-8 bytes (empty for none): a UUID makes no string.</summary>
    public void Add(ReadOnlySpan<byte> requestId, string level, long key, long at)
    {
        if (UuidText.TryParse(requestId, out var uuid))
        {
            CountError(level, key);
            _byUuid.Include(uuid, key, at);
        }
        else
        {
            Add(requestId.IsEmpty ? null : Encoding.UTF8.GetString(requestId), level, key, at);
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
        _byUuid.Expire(since, UuidText.Format, ref partly);
        _byText.Expire(since, static id => id, ref partly);
        return partly ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Replaces a request's summary with one made of <paramref name="rows"/> (key, parsed time), keeping those in the window.</summary>
    public void Replace(string requestId, IEnumerable<(long Key, long At)> rows, long since)
    {
        if (UuidText.TryParse(requestId, out var uuid))
        {
            _byUuid.Replace(uuid, requestId, rows, since);
        }
        else
        {
            _byText.Replace(requestId, requestId, rows, since);
        }
    }

    /// <summary>
    /// For a read of many rows: each request's latency changes with almost every row, and noting each change (one
    /// removal, one addition) meant sorting two lists of the size of the day's rows; <see cref="EndBulk"/> adds each
    /// request's final latency once instead.
    /// </summary>
    public void BeginBulk()
    {
        _byUuid.BeginBulk();
        _byText.BeginBulk();
    }

    /// <summary>Ends <see cref="BeginBulk"/>: the latencies are those of the requests as they now are.</summary>
    public void EndBulk()
    {
        _latencies.Clear();
        _byUuid.AddLatencies();
        _byText.AddLatencies();
    }

    /// <summary>After a full read: gives back what the collections grew by beyond what the window holds.</summary>
    /// <remarks>
    /// A dictionary and a heap double as they fill, so after reading a busy day (148,000 requests) up to half their
    /// arrays were empty: several megabytes held for the life of the process. A sixteenth of headroom is kept, since
    /// steady cycles add and remove about as many requests as each other.
    /// </remarks>
    public void TrimExcess()
    {
        _byUuid.TrimExcess();
        _byText.TrimExcess();
        _latencies.TrimExcess();
    }

    public LogsFigures ToFigures(long fileBytes)
    {
        double? p50 = _latencies.Count == 0 ? null : Percentile.Of(_latencies.Values, 50);
        double? p95 = _latencies.Count == 0 ? null : Percentile.Of(_latencies.Values, 95);
        return new LogsFigures(fileBytes, Requests, _errors.Count, p50, p95);
    }

    /// <summary>Writes the window's requests and errors (for <see cref="Tables.KeptWindows"/>); the latencies follow from the requests.</summary>
    public void Write(BinaryWriter writer)
    {
        _byUuid.Write(writer, static (w, id) =>
        {
            w.Write((ulong)(id >> 64));
            w.Write((ulong)id);
        });
        _byText.Write(writer, static (w, id) => w.Write(id));
        writer.Write(_errors.Count);
        foreach (var (key, _) in _errors.UnorderedItems)
        {
            writer.Write(key);
        }
    }

    /// <summary>Replaces the window with what <see cref="Write"/> wrote.</summary>
    public void Read(BinaryReader reader)
    {
        Clear();
        _byUuid.Read(reader, static r => new UInt128(r.ReadUInt64(), r.ReadUInt64()));
        _byText.Read(reader, static r => r.ReadString());
        var errors = reader.ReadInt32();
        _errors.EnsureCapacity(errors);
        for (var i = 0; i < errors; i++)
        {
            var key = reader.ReadInt64();
            _errors.Enqueue(key, key);
        }

        EndBulk();
        _latencies.TrimExcess();
    }

    public void Clear()
    {
        _byUuid.Clear();
        _byText.Clear();
        _errors.Clear();
        _latencies.Clear();
    }

    private void CountError(string level, long key)
    {
        if (IsError(level))
        {
            _errors.Enqueue(key, key);
        }
    }

    /// <summary>slog renders levels above ERROR as <c>ERROR+n</c>; they are errors too.</summary>
    public static bool IsError(string level) =>
        level == "ERROR" || level.StartsWith("ERROR+", StringComparison.Ordinal);
}
