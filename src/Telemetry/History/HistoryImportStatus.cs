namespace Telemetry.History;

/// <summary>Where the import stands, for the <c>history_import</c> entity.</summary>
/// <param name="State">One of <see cref="States"/>.</param>
/// <param name="Through">Every complete hour before this is in Home Assistant's statistics; null before the first pass.</param>
/// <param name="Problem">Why the last attempt failed; null when it did not.</param>
internal sealed record HistoryImportStatus(string State, long HoursImported, long HoursTotal, DateTimeOffset? Through, string? Problem)
{
    public const string Importing = "importing";

    public const string UpToDate = "up_to_date";

    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> States = [Importing, UpToDate, Failed];

    public static HistoryImportStatus Starting { get; } = new(Importing, 0, 0, null, null);
}
