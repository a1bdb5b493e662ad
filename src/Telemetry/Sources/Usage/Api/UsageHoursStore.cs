using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Telemetry.Sources.Usage.Api;

/// <summary>Keeps <see cref="UsageHoursState"/> in the add-on's state folder, so that a restart publishes the totals at once and follows on from the last hour read.</summary>
/// <remarks>What is stored belongs to one agent and one time zone; another agent URL or zone starts again. A missing or unreadable file is a fresh start, never a failure.</remarks>
internal sealed class UsageHoursStore(string? path, ILogger<UsageHoursStore> logger)
{
    public const string FileName = "usage_hours.json";

    public UsageHoursState? Load(Uri agent, TimeZoneInfo zone)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            var kept = JsonSerializer.Deserialize(File.ReadAllText(path), UsageHoursJsonContext.Default.KeptUsageHours);
            return kept is not null && kept.Agent == agent.ToString() && kept.Zone == zone.Id ? kept.State : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Log.UsageHoursUnusable(logger, path, ex.Message);
            return null;
        }
    }

    /// <summary>Replaces the file, atomically.</summary>
    public void Save(Uri agent, TimeZoneInfo zone, UsageHoursState state)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path) ?? ".");
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(new KeptUsageHours(agent.ToString(), zone.Id, state), UsageHoursJsonContext.Default.KeptUsageHours));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.UsageHoursUnusable(logger, path, ex.Message);
        }
    }
}
