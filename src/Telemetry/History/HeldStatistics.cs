namespace Telemetry.History;

/// <summary>What Home Assistant already holds of the imported statistics: where to send from, and removing them.</summary>
internal sealed class HeldStatistics(HistoryImportSettings settings)
{
    /// <summary>Where to send from: the last hour every statistic holds, once more, and the one before it; the first hour when one holds nothing.</summary>
    /// <remarks>The last month is asked by hour; an import that stopped earlier is found by month first, then by hour within it (two small answers, whatever the history's length).</remarks>
    public async Task<DateTimeOffset> ResumeAsync(CoreSocket core, IReadOnlyList<HistoryStatistic> statistics, DateTimeOffset first, DateTimeOffset end, CancellationToken cancellationToken)
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

    /// <summary>Removes every statistic of this device's, those of models no longer tracked included.</summary>
    public static async Task<int> ClearAsync(CoreSocket core, string deviceName, CancellationToken cancellationToken)
    {
        var prefix = HistoryStatistics.Prefix(deviceName);
        var ids = StatisticsCommands.MetadataIds(await core.CallAsync(StatisticsCommands.Metadata, _ => { }, cancellationToken))
            .Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (ids.Count > 0)
        {
            await core.CallAsync(StatisticsCommands.Clear, StatisticsCommands.IdsBody(ids), cancellationToken);
        }

        return ids.Count;
    }


    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
