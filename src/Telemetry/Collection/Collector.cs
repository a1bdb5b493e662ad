using Microsoft.Extensions.Logging;
using Telemetry.Sources;
using Telemetry.Sources.Tables;

namespace Telemetry.Collection;

/// <summary>Reads every registered source once and returns what each gave.</summary>
internal sealed class Collector(IEnumerable<ISource> sources, MemoryRelief relief, TimeProvider timeProvider, ILogger<Collector> logger)
{
    private readonly ISource[] _sources = [.. sources];

    /// <summary>The earliest instant a source wants a cycle at, besides the interval's; null for none.</summary>
    public DateTimeOffset? NextCycleAt => _sources.Select(s => s.NextCycleAt).Where(at => at is not null).Min();

    public async Task<CycleReadings> CollectAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();

        // Every source is read at once, each on its own connection: a locked or slow database then delays only
        // its own sensors, and the cycle takes as long as the slowest source (bounded by the busy timeout).
        // Microsoft.Data.Sqlite's async calls run synchronously, hence the thread pool for readers that block.
        var reads = Array.ConvertAll(_sources, source => source.BlocksThread
            ? Task.Run(() => source.ReadAsync(now, cancellationToken), cancellationToken)
            : source.ReadAsync(now, cancellationToken));
        await Task.WhenAll(reads);
        relief.AfterCollection();

        var readings = new (SourceKey, Reading)[_sources.Length];
        for (var i = 0; i < _sources.Length; i++)
        {
            readings[i] = (_sources[i].Key, await reads[i]);
            if (_sources[i].Note is { } note)
            {
                Log.SourceRead(logger, _sources[i].Key.Name, note);
            }
        }

        return new CycleReadings(now, timeProvider.GetUtcNow(), readings);
    }
}
