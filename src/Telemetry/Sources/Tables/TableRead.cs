namespace Telemetry.Sources.Tables;

/// <summary>How a followed table was read last time: only the new rows, or everything again and why.</summary>
/// <param name="IsFull">Everything the figures need was read again.</param>
/// <param name="Audited">The rows held were counted again in the database.</param>
/// <param name="Reason">Why, in words, for the trace log.</param>
/// <param name="RowsRead">Rows read from the table.</param>
/// <param name="Held">Items the figures hold in memory after the read.</param>
internal sealed record TableRead(bool IsFull, bool Audited, string Reason, long RowsRead = 0, long Held = 0)
{
    public static TableRead First { get; } = Full("first read");

    public static TableRead Incremental(long rowsRead, long held) => new(false, false, "new rows only", rowsRead, held);

    public static TableRead Unchanged(long held) => new(false, false, "files unchanged, nothing read", 0, held);

    public static TableRead Audit(long rowsRead, long held) => new(false, true, "new rows only, then counted the held rows again", rowsRead, held);

    public static TableRead Restored(long held) => new(false, false, "taken back from the window kept at the last stop", 0, held);

    public static TableRead Full(string reason, long rowsRead = 0, long held = 0) => new(true, false, reason, rowsRead, held);

    /// <summary>For the trace log: <c>new rows only: 12 rows read, 4,321 held</c>.</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Reason}: {RowsRead:N0} rows read, {Held:N0} held");
}
