namespace Telemetry.History;

/// <summary>The import's status, written by the import and read by each cycle; and, when there is no import at all, why.</summary>
internal sealed class HistoryImportState
{
    private volatile HistoryImportStatus _status = HistoryImportStatus.Starting;

    /// <summary>Why this add-on imports no history (the option is off, the agent is read over its API, no Supervisor); null when it does.</summary>
    public string? Absent { get; init; }

    /// <summary>With <see cref="Absent"/>: the import is off and <c>history_rebuild</c> on, so its statistics are only removed.</summary>
    public bool RemoveOnly { get; init; }

    public HistoryImportStatus Status => _status;

    public void Set(HistoryImportStatus status) => _status = status;
}
