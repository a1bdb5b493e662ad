using Telemetry.Sources.Usage;

namespace Telemetry.History;

/// <summary>Walks the usage history hour by hour from a cursor, keeping the cumulative sums every statistic is made of.</summary>
internal sealed class HistoryWalk(HistoryCursor cursor, IReadOnlyCollection<string> trackedModels)
{
    private readonly Dictionary<string, UsageSums> _byModel = new(cursor.ByModel, StringComparer.Ordinal);

    /// <summary>Every row stamped before this is summed.</summary>
    public DateTimeOffset At { get; private set; } = cursor.Through;

    public HistoryCursor Cursor => new(At, new Dictionary<string, UsageSums>(_byModel, StringComparer.Ordinal));

    /// <summary>Adds each hour from <see cref="At"/> up to <paramref name="to"/>, calling <paramref name="hourDone"/> with the hour's start once its rows are in.</summary>
    /// <param name="rows">Hourly sums in hour order; those outside the walk are passed over.</param>
    public void Walk(IReadOnlyList<HourModelSums> rows, DateTimeOffset to, Action<DateTimeOffset> hourDone)
    {
        var next = 0;
        while (next < rows.Count && rows[next].Hour < At)
        {
            next++;
        }

        for (var hour = At; hour < to; hour = hour.AddHours(1))
        {
            for (; next < rows.Count && rows[next].Hour == hour; next++)
            {
                _byModel[rows[next].Model] = _byModel.GetValueOrDefault(rows[next].Model) + rows[next].Sums;
            }

            At = hour.AddHours(1);
            hourDone(hour);
        }
    }

    /// <summary>The statistic's cumulative value now.</summary>
    public double Value(HistoryStatistic statistic) => statistic.Value(statistic.Model switch
    {
        null => Total(_ => true),
        HistoryStatistic.OtherModels => Total(model => !trackedModels.Contains(model)),
        var model => _byModel.GetValueOrDefault(model),
    });

    private UsageSums Total(Func<string, bool> counted)
    {
        var total = default(UsageSums);
        foreach (var (model, sums) in _byModel)
        {
            if (counted(model))
            {
                total += sums;
            }
        }

        return total;
    }
}
