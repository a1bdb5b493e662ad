using Microsoft.Extensions.Logging;
using Telemetry.Options;
using Telemetry.Sources.Tables;
using Telemetry.Sources.Usage;

namespace Telemetry.History;

/// <summary>Sends the agent's hourly usage to Home Assistant's statistics: the whole history once, then each hour as it completes.</summary>
/// <remarks>
/// <para>
/// Every value sent is the cumulative sum at the end of its hour, computed from <c>usage_records</c> itself, and the
/// recorder upserts per statistic and hour: sending an hour again replaces it and never counts twice. The first pass
/// after a start sends from the last hour Home Assistant holds (read back), the one before it again; later passes send
/// the hour just completed and the one before it again, since a row can commit a moment after its hour turned.
/// An hour is sent only once it is complete.
/// </para>
/// <para>Each month of hours goes as one message per statistic, then a pause; progress goes to the log and the status.</para>
/// </remarks>
/// <param name="relief">Told after a first pass, which holds the whole history's hourly rows for a moment: the next cycle returns that memory.</param>
internal sealed class HistoryImporter(
    AgentPaths paths, TelemetryOptions options, HistoryMemory memory, HistoryImportState state, HistoryImportSettings settings, TimeProvider timeProvider,
    ILogger<HistoryImporter> logger, MemoryRelief? relief = null)
{
    private HistoryCursor? _cursor;
    private IReadOnlyList<string> _models = [];
    private DateTimeOffset _first;
    private long _hoursTotal;

    /// <summary>One pass over a connected Core, up to the last complete hour.</summary>
    public async Task PassAsync(CoreSocket core, CancellationToken cancellationToken)
    {
        var end = TopOfHour(timeProvider.GetUtcNow());
        var meanType = StatisticsCommands.TakesMeanType(core.Version);
        if (_cursor is { } cursor)
        {
            var recent = await HourlyUsageSql.ReadAsync(paths, cursor.Through, end, cancellationToken);
            await SendAsync(core, cursor, recent, cursor.Through, end, meanType, quiet: true, cancellationToken);
            return;
        }

        var rows = await HourlyUsageSql.ReadAsync(paths, DateTimeOffset.MinValue, end, cancellationToken);
        if (rows.Count == 0)
        {
            // Nothing yet: the next pass looks again, from the first row's hour once there is one.
            state.Set(new HistoryImportStatus(HistoryImportStatus.UpToDate, 0, 0, end, null));
            return;
        }

        var first = _first = rows[0].Hour;
        var remembered = memory.Load();
        _models = HistoryStatistics.Models(remembered.Models, Lifetime(rows));
        var statistics = HistoryStatistics.For(options.DeviceName, _models);
        var rebuild = options.HistoryRebuild && !remembered.Rebuilt;
        if (rebuild)
        {
            await ClearAsync(core, cancellationToken);
        }

        var from = rebuild || _models.Except(remembered.Models, StringComparer.Ordinal).Any()
            ? first
            : await ResumeAsync(core, statistics, first, end, cancellationToken);
        _hoursTotal = (long)(end - first).TotalHours;
        Log.HistoryImportStarting(logger, core.Version, (long)(end - from).TotalHours, _hoursTotal, HourlyUsageSql.Text(first), statistics.Count);
        // Kept before sending: from the first message on, Home Assistant holds these models' statistics, and an import
        // that stops part-way resumes with the same models instead of starting again.
        memory.Save(new RememberedHistory(_models, options.HistoryRebuild));
        await SendAsync(core, new HistoryCursor(first, new Dictionary<string, UsageSums>(StringComparer.Ordinal)), rows, from, end, meanType, quiet: false, cancellationToken);
        relief?.AfterLargeWork();
        Log.HistoryImportUpToDate(logger, HourlyUsageSql.Text(end));
    }

    private async Task SendAsync(
        CoreSocket core, HistoryCursor cursor, List<HourModelSums> rows, DateTimeOffset from, DateTimeOffset end, bool meanType, bool quiet, CancellationToken cancellationToken)
    {
        var statistics = HistoryStatistics.For(options.DeviceName, _models);
        var walk = new HistoryWalk(cursor, _models);
        _hoursTotal = Math.Max(_hoursTotal, (long)(end - _first).TotalHours);
        // Everything before the last complete hour is final once sent: that hour goes again next time.
        var kept = cursor;
        void Seen(DateTimeOffset hour)
        {
            if (hour == end.AddHours(-2))
            {
                kept = walk.Cursor;
            }
        }

        walk.Walk(rows, from, Seen);
        for (var chunkStart = from; chunkStart < end; chunkStart = chunkStart.AddHours(settings.ChunkHours))
        {
            var chunkEnd = Min(chunkStart.AddHours(settings.ChunkHours), end);
            var series = statistics.ToDictionary(s => s, _ => new List<(DateTimeOffset, double)>());
            walk.Walk(rows, chunkEnd, hour =>
            {
                foreach (var statistic in statistics)
                {
                    series[statistic].Add((hour, walk.Value(statistic)));
                }

                Seen(hour);
            });
            foreach (var statistic in statistics)
            {
                await core.CallAsync(StatisticsCommands.Import, StatisticsCommands.ImportBody(statistic, series[statistic], meanType), cancellationToken);
            }

            var done = _hoursTotal - (long)(end - chunkEnd).TotalHours;
            state.Set(new HistoryImportStatus(chunkEnd < end ? HistoryImportStatus.Importing : HistoryImportStatus.UpToDate, done, _hoursTotal, chunkEnd, null));
            if (!quiet)
            {
                Log.HistoryImportProgress(logger, done, _hoursTotal);
            }

            if (chunkEnd < end && settings.PauseBetweenChunks > TimeSpan.Zero)
            {
                await Task.Delay(settings.PauseBetweenChunks, timeProvider, cancellationToken);
            }
        }

        _cursor = kept;
        state.Set(new HistoryImportStatus(HistoryImportStatus.UpToDate, _hoursTotal, _hoursTotal, end, null));
    }

    /// <summary>Where to send from: the last hour every statistic holds, once more, and the one before it; the first hour when one holds nothing.</summary>
    /// <remarks>The last month is asked by hour; an import that stopped earlier is found by month first, then by hour within it (two small answers, whatever the history's length).</remarks>
    private async Task<DateTimeOffset> ResumeAsync(CoreSocket core, IReadOnlyList<HistoryStatistic> statistics, DateTimeOffset first, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var ids = statistics.Select(s => s.Id).ToList();
        var held = await LastHoursAsync(core, ids, end - settings.ResumeLookBack, end, cancellationToken);
        if (ids.Any(id => !held.ContainsKey(id)))
        {
            var months = StatisticsCommands.LastStarts(
                await core.CallAsync(StatisticsCommands.DuringPeriod, StatisticsCommands.DuringPeriodBody(ids, first, end, "month"), cancellationToken));
            if (ids.Any(id => !months.ContainsKey(id)))
            {
                return first;
            }

            var month = months.Values.Min();
            var behind = ids.Where(id => months[id] == month).ToList();
            held = await LastHoursAsync(core, behind, month, Min(month.AddDays(32), end), cancellationToken);
            if (behind.Any(id => !held.ContainsKey(id)))
            {
                return first;
            }
        }

        var resume = held.Values.Min().AddHours(-1);
        return resume < first ? first : Min(resume, end);
    }

    private static async Task<Dictionary<string, DateTimeOffset>> LastHoursAsync(CoreSocket core, IReadOnlyList<string> ids, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        StatisticsCommands.LastStarts(await core.CallAsync(StatisticsCommands.DuringPeriod, StatisticsCommands.DuringPeriodBody(ids, start, end), cancellationToken));

    /// <summary>Removes the imported statistics without importing them again (the import off, <c>history_rebuild</c> on), once per time that is asked.</summary>
    public async Task RemoveAsync(CoreSocket core, CancellationToken cancellationToken)
    {
        if (!memory.Load().Rebuilt)
        {
            await ClearAsync(core, cancellationToken);
            memory.Save(new RememberedHistory([], Rebuilt: true));
        }
    }

    /// <summary>Removes every statistic of this device's, those of models no longer tracked included.</summary>
    private async Task ClearAsync(CoreSocket core, CancellationToken cancellationToken)
    {
        var prefix = HistoryStatistics.Prefix(options.DeviceName);
        var ids = StatisticsCommands.MetadataIds(await core.CallAsync(StatisticsCommands.Metadata, _ => { }, cancellationToken))
            .Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (ids.Count > 0)
        {
            await core.CallAsync(StatisticsCommands.Clear, StatisticsCommands.IdsBody(ids), cancellationToken);
        }

        Log.HistoryRebuilding(logger, ids.Count);
    }

    private static Dictionary<string, UsageSums> Lifetime(List<HourModelSums> rows)
    {
        var byModel = new Dictionary<string, UsageSums>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            byModel[row.Model] = byModel.GetValueOrDefault(row.Model) + row.Sums;
        }

        return byModel;
    }

    private static DateTimeOffset TopOfHour(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
