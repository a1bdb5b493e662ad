using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Telemetry.History;

/// <summary>What the import keeps in the add-on's state folder: the models that have a cost statistic, and whether the last rebuild asked for was done.</summary>
/// <remarks>A missing or unreadable file is a fresh start (every model chosen again, the whole history sent again: rows are upserted), never a failure.</remarks>
internal sealed class HistoryMemory(string? path, ILogger<HistoryMemory> logger)
{
    public const string FileName = "history_import.json";

    public RememberedHistory Load()
    {
        if (path is null || !File.Exists(path))
        {
            return RememberedHistory.None;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), HistoryJsonContext.Default.RememberedHistory) ?? RememberedHistory.None;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Log.HistoryMemoryUnusable(logger, path, ex.Message);
            return RememberedHistory.None;
        }
    }

    /// <summary>Replaces the file, atomically.</summary>
    public void Save(RememberedHistory remembered)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path) ?? ".");
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(remembered, HistoryJsonContext.Default.RememberedHistory));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.HistoryMemoryUnusable(logger, path, ex.Message);
        }
    }
}
