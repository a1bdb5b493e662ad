using Telemetry.History;

namespace Telemetry.Sources.HistoryImport;

/// <summary>How the import of the usage history into Home Assistant's statistics stands (<see cref="HistoryImportService"/>).</summary>
internal static class HistoryImportSource
{
    public static SourceKey<HistoryImportStatus> Key { get; } = new("history_import");
}
