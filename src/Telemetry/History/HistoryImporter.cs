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
/// <param name="relief">Told after each month of a first pass and at its end: the next cycle returns what the months left.</param>
internal sealed class HistoryImporter(
    AgentPaths paths, TelemetryOptions options, HistoryMemory memory, HistoryImportState state, HistoryImportSettings settings, TimeProvider timeProvider,
    ILogger<HistoryImporter> logger, MemoryRelief? relief = null)
{
    private readonly HeldStatistics _held = new(settings);
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
            await SendAsync(core, cursor, cursor.Through, end, meanType, quiet: true, cancellationToken);
            return;
        }

        if (await FromKeptCursorAsync(core, end, meanType, cancellationToken))
        {
            return;
        }

        // The models are chosen by lifetime cost before anything is sent; the hours themselves are read again a month
        // at a time as they are sent, so the import holds a month of rows, never the whole history.
        var lifetime = new Dictionary<string, UsageSums>(StringComparer.Ordinal);
        DateTimeOffset? firstHour = null;
        await HourlyUsageSql.ForEachAsync(paths, DateTimeOffset.MinValue, end, row =>
        {
            firstHour ??= row.Hour;
            lifetime[row.Model] = lifetime.GetValueOrDefault(row.Model) + row.Sums;
        }, cancellationToken);
        if (firstHour is not { } first)
        {
            // Nothing yet: the next pass looks again, from the first row's hour once there is one.
            state.Set(new HistoryImportStatus(HistoryImportStatus.UpToDate, 0, 0, end, null));
            return;
        }

        _first = first;
        var remembered = memory.Load();
        _models = HistoryStatistics.Models(remembered.Models, lifetime);
        var statistics = HistoryStatistics.For(options.DeviceName, _models);
        var rebuild = options.HistoryRebuild && !remembered.Rebuilt;
        if (rebuild)
        {
            Log.HistoryRebuilding(logger, await HeldStatistics.ClearAsync(core, options.DeviceName, cancellationToken));
        }

        var from = rebuild || _models.Except(remembered.Models, StringComparer.Ordinal).Any()
            ? first
            : await _held.ResumeAsync(core, statistics, first, end, cancellationToken);
        _hoursTotal = (long)(end - first).TotalHours;
        Log.HistoryImportStarting(logger, core.Version, (long)(end - from).TotalHours, _hoursTotal, HourlyUsageSql.Text(first), statistics.Count);
        // Kept before sending: from the first message on, Home Assistant holds these models' statistics, and an import
        // that stops part-way resumes with the same models instead of starting again.
        memory.Save(new RememberedHistory(_models, options.HistoryRebuild));
        await SendAsync(core, new HistoryCursor(first, new Dictionary<string, UsageSums>(StringComparer.Ordinal)), from, end, meanType, quiet: false, cancellationToken);
        relief?.AfterLargeWork();
        Log.HistoryImportUpToDate(logger, HourlyUsageSql.Text(end));
    }

    /// <summary>Sums the hours from the cursor up to <paramref name="from"/>, then sends each hour up to <paramref name="end"/>, reading a month of rows at a time.</summary>
    private async Task SendAsync(
        CoreSocket core, HistoryCursor cursor, DateTimeOffset from, DateTimeOffset end, bool meanType, bool quiet, CancellationToken cancellationToken)
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

        for (var at = cursor.Through; at < from; at = walk.At)
        {
            var to = Min(at.AddHours(settings.ChunkHours), from);
            walk.Walk(await HourlyUsageSql.ReadAsync(paths, at, to, cancellationToken), to, Seen);
        }

        for (var chunkStart = from; chunkStart < end; chunkStart = chunkStart.AddHours(settings.ChunkHours))
        {
            var chunkEnd = Min(chunkStart.AddHours(settings.ChunkHours), end);
            var series = statistics.ToDictionary(s => s, _ => new List<(DateTimeOffset, double)>());
            var rows = await HourlyUsageSql.ReadAsync(paths, chunkStart, chunkEnd, cancellationToken);
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

                // Each month's rows and messages live across the call and the pause, long enough for the GC to move
                // them to its oldest generation, which it collects seldom: the next cycle collects them (at most once a
                // cycle), or a long import holds tens of MB of finished months (BENCHMARKS.md §6).
                relief?.AfterLargeWork();
            }

            if (chunkEnd < end && settings.PauseBetweenChunks > TimeSpan.Zero)
            {
                await Task.Delay(settings.PauseBetweenChunks, timeProvider, cancellationToken);
            }
        }

        _cursor = kept;
        memory.Save(new RememberedHistory(_models, options.HistoryRebuild, new KeptCursor(_first, kept.Through, new Dictionary<string, UsageSums>(kept.ByModel, StringComparer.Ordinal))));
        state.Set(new HistoryImportStatus(HistoryImportStatus.UpToDate, _hoursTotal, _hoursTotal, end, null));
    }

    /// <summary>
    /// After a restart: goes on from the cursor kept at the last pass, reading only the rows since, when the database
    /// still holds exactly the rows it summed (the agent never deletes one; a restored older copy fails the count) and
    /// Home Assistant holds the statistics up to it. Otherwise the whole history is read again.
    /// </summary>
    private async Task<bool> FromKeptCursorAsync(CoreSocket core, DateTimeOffset end, bool meanType, CancellationToken cancellationToken)
    {
        var remembered = memory.Load();
        if (remembered.Cursor is not { } kept || remembered.Models.Count == 0 || kept.Through > end || (options.HistoryRebuild && !remembered.Rebuilt)
            || await HourlyUsageSql.CountBeforeAsync(paths, kept.Through, cancellationToken) != kept.Rows)
        {
            return false;
        }

        _models = remembered.Models;
        _first = kept.First;
        // Home Assistant's last hour is sent again with the one before it; the one before is final in the cursor already.
        var from = await _held.ResumeAsync(core, HistoryStatistics.For(options.DeviceName, _models), kept.First, end, cancellationToken);
        if (from < kept.Through.AddHours(-1))
        {
            return false;
        }

        from = from > kept.Through ? from : kept.Through;

        await SendAsync(core, new HistoryCursor(kept.Through, kept.ByModel), from, end, meanType, quiet: true, cancellationToken);
        Log.HistoryImportUpToDate(logger, HourlyUsageSql.Text(end));
        return true;
    }

    /// <summary>Removes the imported statistics without importing them again (the import off, <c>history_rebuild</c> on), once per time that is asked.</summary>
    public async Task RemoveAsync(CoreSocket core, CancellationToken cancellationToken)
    {
        if (!memory.Load().Rebuilt)
        {
            Log.HistoryRebuilding(logger, await HeldStatistics.ClearAsync(core, options.DeviceName, cancellationToken));
            memory.Save(new RememberedHistory([], Rebuilt: true));
        }
    }

    private static DateTimeOffset TopOfHour(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
