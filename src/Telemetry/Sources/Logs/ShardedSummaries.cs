using System.Runtime.InteropServices;

namespace Telemetry.Sources.Logs;

/// <summary>Request summaries by id, spread over many small dictionaries instead of one large one.</summary>
/// <remarks>
/// One dictionary of a busy day's 148,000 requests is one array of 10 MB that doubles as it fills: at the last
/// doubling it held 2 × the requests' room while the old array waited for a full collection (it is on the large-object
/// heap), and trimming it after the read made a third; that was most of the first read's peak (BENCHMARKS.md §6). In
/// <see cref="Shards"/> pieces each array stays small (about 20 KB at 148,000 requests), the pieces grow at different
/// times, and an outgrown one is young garbage, collected at once.
/// </remarks>
internal sealed class ShardedSummaries<TKey>
    where TKey : notnull
{
    public const int Shards = 512;

    private readonly IEqualityComparer<TKey> _comparer;
    private readonly Dictionary<TKey, RequestSummary>[] _shards;

    public ShardedSummaries(IEqualityComparer<TKey> comparer)
    {
        _comparer = comparer;
        _shards = new Dictionary<TKey, RequestSummary>[Shards];
        for (var i = 0; i < Shards; i++)
        {
            _shards[i] = new Dictionary<TKey, RequestSummary>(comparer);
        }
    }

    public int Count { get; private set; }

    /// <summary>Every request, shard by shard.</summary>
    public IEnumerable<KeyValuePair<TKey, RequestSummary>> All => _shards.SelectMany(static shard => shard);

    /// <summary>The summary of <paramref name="id"/>, added as <see cref="RequestSummary.Empty"/> when missing.</summary>
    public ref RequestSummary GetOrAdd(TKey id)
    {
        ref var request = ref CollectionsMarshal.GetValueRefOrAddDefault(ShardOf(id), id, out var exists);
        if (!exists)
        {
            request = RequestSummary.Empty;
            Count++;
        }

        return ref request;
    }

    public bool TryGetValue(TKey id, out RequestSummary request) => ShardOf(id).TryGetValue(id, out request);

    public void Remove(TKey id)
    {
        if (ShardOf(id).Remove(id))
        {
            Count--;
        }
    }

    /// <summary>Makes room for <paramref name="count"/> requests in all, spread as the ids will be.</summary>
    public void EnsureCapacity(int count)
    {
        if (count < Shards * 16)
        {
            return;
        }

        foreach (var shard in _shards)
        {
            shard.EnsureCapacity((count / Shards) + (count / Shards / 8) + 4);
        }
    }

    /// <summary>Gives back each piece's room beyond a sixteenth of headroom (steady cycles add about as many as they remove).</summary>
    public void TrimExcess()
    {
        foreach (var shard in _shards)
        {
            shard.TrimExcess(shard.Count + (shard.Count / 16) + 2);
        }
    }

    public void Clear()
    {
        foreach (var shard in _shards)
        {
            shard.Clear();
        }

        Count = 0;
    }

    // The hash's top bits pick the piece; the dictionary inside uses it modulo a prime.
    private Dictionary<TKey, RequestSummary> ShardOf(TKey id) => _shards[(uint)_comparer.GetHashCode(id) >> 23];
}
