using Telemetry.Options;
using Telemetry.Sources.Tables;

namespace Telemetry.Sources.Usage;

/// <summary>Reads token usage and cost from <c>usage_records</c>: the 24-hour window, and lifetime and calendar totals.</summary>
/// <remarks>
/// <para>
/// Agents since 2026-03-30 keep the table in <c>thane.db</c>; older ones in <c>usage.db</c>. The agent's own
/// telemetry still sizes <c>usage.db</c>, which current installs no longer have; the table is read wherever it is.
/// </para>
/// <para>
/// Stateful: the first read takes every row, later ones only the rows added since (<see cref="UsageTable"/> followed
/// by a <see cref="FollowedRead{TFigures}"/>); when neither file changed since the last read, nothing is read and the
/// window moves in memory. Days and months are those of the injected clock's local time zone, which is the
/// <c>TZ</c> Home Assistant gives the add-on.
/// </para>
/// </remarks>
/// <param name="kept">Keeps the window and the totals across a restart; null: every start reads the whole table.</param>
internal sealed class UsageReader(AgentPaths paths, TimeProvider timeProvider, MemoryRelief relief, IncrementalSettings? settings = null, KeptWindows? kept = null)
    : IReader<UsageFigures>
{
    /// <summary>Where the window and the totals are kept across a restart (<see cref="KeptWindows"/>), in the add-on's state folder.</summary>
    public const string KeptFileName = "usage_totals.bin";

    private readonly FollowedRead<UsageFigures> _read = new(
        new UsageTable(timeProvider.LocalTimeZone), settings ?? IncrementalSettings.Default, relief, kept is null ? null : (kept, KeptFileName));

    public bool BlocksThread => true;

    /// <summary>How the last read went.</summary>
    public TableRead LastRead => _read.LastRead;

    public string Note => LastRead.Describe();

    // Both files are stamped: an agent upgraded while the add-on runs moves the table from usage.db to thane.db.
    public Task<Reading<UsageFigures>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) => SourceRead.TryAsync(() =>
        _read.ReadAsync(FilesStamp.Take(paths.MainDb, paths.UsageDb), token => UsageDatabase.OpenAsync(paths, token), now, cancellationToken));
}
