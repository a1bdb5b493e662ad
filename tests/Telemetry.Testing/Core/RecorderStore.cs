namespace Telemetry.Testing.Core;

/// <summary>The recorder's <c>statistics_meta</c> and hourly <c>statistics</c> tables, as they are once Core's queued jobs have run.</summary>
internal sealed class RecorderStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StubStatisticMetadata> _metadata = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<DateTimeOffset, StubStatisticRow>> _rows = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, StubStatisticMetadata> Metadata
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, StubStatisticMetadata>(_metadata, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>
    /// Stores an import as recorder/statistics.py@0055cc7e <c>_import_statistics_with_session</c> does: the metadata is added or
    /// updated (<c>update_or_add</c>; the source of an existing statistic stays), and each row is inserted, or updates the row of the
    /// same start.
    /// </summary>
    public void Apply(StatisticsImport import)
    {
        lock (_gate)
        {
            var id = import.Metadata.StatisticId;
            _metadata[id] = _metadata.TryGetValue(id, out var old) ? import.Metadata with { Source = old.Source } : import.Metadata;
            if (!_rows.TryGetValue(id, out var rows))
            {
                _rows[id] = rows = [];
            }

            foreach (var row in import.Rows)
            {
                rows[row.Start] = row;
            }
        }
    }

    /// <summary>Removes the statistics and their rows (<c>recorder/clear_statistics</c>).</summary>
    public void Clear(IEnumerable<string> statisticIds)
    {
        lock (_gate)
        {
            foreach (var id in statisticIds)
            {
                _metadata.Remove(id);
                _rows.Remove(id);
            }
        }
    }

    /// <summary>A statistic's hourly rows, ordered by start.</summary>
    public IReadOnlyList<StubStatisticRow> Rows(string statisticId)
    {
        lock (_gate)
        {
            return _rows.TryGetValue(statisticId, out var rows) ? [.. rows.Values] : [];
        }
    }

    /// <summary>The metadata of a statistic, or null.</summary>
    public StubStatisticMetadata? Find(string statisticId)
    {
        lock (_gate)
        {
            return _metadata.GetValueOrDefault(statisticId);
        }
    }
}
