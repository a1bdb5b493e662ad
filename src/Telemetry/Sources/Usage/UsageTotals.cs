namespace Telemetry.Sources.Usage;

/// <summary>Sums over every <c>usage_records</c> row ever written, by model, provider and role, and by local day.</summary>
/// <remarks>
/// The agent never deletes usage rows, so these only grow: they are lifetime counters. Roles are an open set (the
/// agent writes <c>scheduler</c> besides its four documented roles, and loop definitions may set any), so every
/// grouping is by whatever value the rows carry. Days are local dates in <paramref name="zone"/>; a row whose
/// timestamp does not parse counts in the lifetime sums only. Memory: one entry per model, provider, role and day.
/// </remarks>
internal sealed class UsageTotals(TimeZoneInfo zone)
{
    private readonly Dictionary<string, UsageSums> _byModel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UsageSums> _byProvider = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UsageSums> _byRole = new(StringComparer.Ordinal);
    private readonly Dictionary<DateOnly, UsageSums> _byDay = [];
    private UsageSums _all;

    /// <summary>Rows counted.</summary>
    public long Rows => _all.Rows;

    public void Add(in UsageRecord row)
    {
        var sums = UsageSums.Of(row);
        _all += sums;
        Add(_byModel, row.Model, sums);
        Add(_byProvider, row.Provider, sums);
        Add(_byRole, row.Role, sums);
        if (row.Timestamp?.ToInstant() is { } instant)
        {
            Add(_byDay, LocalCalendar.DateOf(instant, zone), sums);
        }
    }

    public void Clear()
    {
        _all = default;
        _byModel.Clear();
        _byProvider.Clear();
        _byRole.Clear();
        _byDay.Clear();
    }

    /// <summary>Writes every sum (for <see cref="Tables.KeptWindows"/>).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(zone.Id);
        WriteSums(writer, _all);
        Write(writer, _byModel, static (w, key) => w.Write(key));
        Write(writer, _byProvider, static (w, key) => w.Write(key));
        Write(writer, _byRole, static (w, key) => w.Write(key));
        Write(writer, _byDay, static (w, day) => w.Write(day.DayNumber));
    }

    /// <summary>Replaces every sum with what <see cref="Write(BinaryWriter)"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The days were counted in another time zone (Home Assistant's was changed).</exception>
    public void Read(BinaryReader reader)
    {
        Clear();
        if (reader.ReadString() is var kept && kept != zone.Id)
        {
            throw new InvalidDataException($"the days were counted in the time zone {kept}, not {zone.Id}");
        }

        _all = ReadSums(reader);
        Read(reader, _byModel, static r => r.ReadString());
        Read(reader, _byProvider, static r => r.ReadString());
        Read(reader, _byRole, static r => r.ReadString());
        Read(reader, _byDay, static r => DateOnly.FromDayNumber(r.ReadInt32()));
    }

    /// <summary>The lifetime sums, and those of the local day and month <paramref name="now"/> is in.</summary>
    public UsageTotalsFigures Figures(DateTimeOffset now)
    {
        var today = LocalCalendar.DateOf(now, zone);
        var month = LocalCalendar.MonthOf(today);
        var monthSums = default(UsageSums);
        foreach (var (day, sums) in _byDay)
        {
            if (day >= month && day < month.AddMonths(1))
            {
                monthSums += sums;
            }
        }

        return new UsageTotalsFigures(
            _all,
            new Dictionary<string, UsageSums>(_byModel, StringComparer.Ordinal),
            new Dictionary<string, UsageSums>(_byProvider, StringComparer.Ordinal),
            new Dictionary<string, UsageSums>(_byRole, StringComparer.Ordinal),
            _byDay.GetValueOrDefault(today),
            LocalCalendar.StartOf(today, zone),
            monthSums,
            LocalCalendar.StartOf(month, zone));
    }

    private static void WriteSums(BinaryWriter writer, in UsageSums sums)
    {
        writer.Write(sums.Rows);
        writer.Write(sums.InputTokens);
        writer.Write(sums.OutputTokens);
        writer.Write(sums.CacheReadTokens);
        writer.Write(sums.CacheWriteTokens);
        writer.Write(sums.CostNanos);
    }

    private static UsageSums ReadSums(BinaryReader reader) =>
        new(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());

    private static void Write<TKey>(BinaryWriter writer, Dictionary<TKey, UsageSums> sums, Action<BinaryWriter, TKey> writeKey)
        where TKey : notnull
    {
        writer.Write(sums.Count);
        foreach (var (key, value) in sums)
        {
            writeKey(writer, key);
            WriteSums(writer, value);
        }
    }

    private static void Read<TKey>(BinaryReader reader, Dictionary<TKey, UsageSums> sums, Func<BinaryReader, TKey> readKey)
        where TKey : notnull
    {
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            if (!sums.TryAdd(readKey(reader), ReadSums(reader)))
            {
                throw new InvalidDataException("a kept usage sum is there twice");
            }
        }
    }

    private static void Add<TKey>(Dictionary<TKey, UsageSums> sums, TKey key, UsageSums row)
        where TKey : notnull => sums[key] = sums.GetValueOrDefault(key) + row;
}
