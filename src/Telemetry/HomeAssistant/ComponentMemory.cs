using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Telemetry.HomeAssistant;

/// <summary>The components the add-on last announced, kept in its state folder so that what vanished while it was stopped is still removed.</summary>
/// <remarks>
/// Home Assistant unloads a discovered component only when it is announced with nothing but its platform; one that
/// is simply left out of the device payload stays forever. A memory that started empty at every start would leave
/// a loop that disappeared while the add-on was stopped in Home Assistant for good. A missing, unreadable or corrupt
/// file is a clean start (logged), never a failure: at worst such a component stays, as without this memory.
/// </remarks>
internal sealed class ComponentMemory(string? path, SensorCatalog catalog, ILogger<ComponentMemory> logger)
{
    public const string FileName = "announced_components.json";

    /// <summary>What the last run announced; empty when there is no usable file.</summary>
    public IReadOnlyList<Component> Load()
    {
        if (path is null || !File.Exists(path))
        {
            return [];
        }

        try
        {
            var entries = JsonSerializer.Deserialize(File.ReadAllText(path), HomeAssistantJsonContext.Default.ListRememberedComponent) ?? [];
            // An entry of a source no longer registered is dropped: nothing could tell whether it still exists.
            return entries
                .Where(e => !string.IsNullOrEmpty(e.Key) && !string.IsNullOrEmpty(e.Platform) && (e.Source is null || catalog.SourceNamed(e.Source) is not null))
                .Select(e => new Component(e.Key, e.Platform, e.Source is null ? null : catalog.SourceNamed(e.Source)))
                .ToList();
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Log.ComponentMemoryUnusable(logger, path, ex.Message);
            return [];
        }
    }

    /// <summary>Replaces the file's content, atomically (a crash mid-write leaves the previous file).</summary>
    public void Save(IEnumerable<Component> components)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path) ?? ".");
            var temporary = path + ".tmp";
            var entries = components.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new RememberedComponent(c.Key, c.Platform, c.Source?.Name)).ToList();
            File.WriteAllText(temporary, JsonSerializer.Serialize(entries, HomeAssistantJsonContext.Default.ListRememberedComponent));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.ComponentMemoryUnusable(logger, path, ex.Message);
        }
    }
}
