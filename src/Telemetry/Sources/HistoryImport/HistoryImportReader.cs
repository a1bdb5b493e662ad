using Telemetry.History;

namespace Telemetry.Sources.HistoryImport;

/// <summary>Reads the import's status as it is now; absent (no entity) when this add-on imports no history.</summary>
internal sealed class HistoryImportReader(HistoryImportState state) : IReader<HistoryImportStatus>
{
    public bool BlocksThread => false;

    public Task<Reading<HistoryImportStatus>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(
        state.Absent is { } reason ? Reading<HistoryImportStatus>.Absent(reason) : Reading<HistoryImportStatus>.Ok(state.Status));
}
