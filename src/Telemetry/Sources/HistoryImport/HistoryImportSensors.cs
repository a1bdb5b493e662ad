using System.Text.Json;
using Telemetry.HomeAssistant;
using Telemetry.History;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.Sources.HistoryImport;

/// <summary>The import's status as a diagnostic entity: importing, up to date, or failed with its reason.</summary>
internal static class HistoryImportSensors
{
    public static IReadOnlyList<Sensor<HistoryImportStatus>> All { get; } =
    [
        new(HistoryImportSource.Key) { Key = "history_import", Name = "History Import", State = h => h.State, Attributes = Attributes,
            Icon = "mdi:chart-timeline-variant", DeviceClass = DeviceClasses.Enum, Options = HistoryImportStatus.States, Diagnostic = true },
    ];

    private static string Attributes(HistoryImportStatus status)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["hours_imported"] = Integer(status.HoursImported),
            ["hours_total"] = Integer(status.HoursTotal),
        };
        if (status.Through is { } through)
        {
            attributes["through"] = Timestamp(through);
        }

        if (status.Problem is { } problem)
        {
            attributes["problem"] = Text(problem);
        }

        return JsonSerializer.Serialize(attributes, HomeAssistantJsonContext.Default.DictionaryStringString);
    }
}
