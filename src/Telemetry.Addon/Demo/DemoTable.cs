using System.Globalization;
using System.Text.Json;
using Telemetry.HomeAssistant;
using Telemetry.Hosting;
using Telemetry.Sources;

namespace Telemetry.Addon.Demo;

/// <summary>Prints each cycle's entities and values as a table, for someone watching <c>--demo</c>.</summary>
internal sealed class DemoTable(string deviceName, TextWriter output) : ICycleObserver
{
    public void OnCycle(CycleReadings cycle, IReadOnlyList<Sensor> sensors, bool published)
    {
        var rows = sensors
            .Select(s => (
                Entity: DeviceIdentity.DefaultEntityId(deviceName, s.Platform, s.Key),
                Value: s.Read(cycle) is { } state ? Shown(s, state.State) : "unavailable",
                Unit: s.Unit ?? "",
                Source: s.Source?.Name ?? "add-on"))
            .ToList();
        var entityWidth = Math.Max(6, rows.Max(r => r.Entity.Length));
        var valueWidth = Math.Max(5, rows.Max(r => Math.Min(r.Value.Length, 40)));
        var status = published ? "published" : "not published (broker not connected)";

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"── {cycle.CollectedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss} · {rows.Count} entities · {status}"));
        output.WriteLine($"  {"entity".PadRight(entityWidth)}  {"value".PadLeft(valueWidth)}  {"unit",-10} source");
        foreach (var (entity, value, unit, source) in rows)
        {
            var shown = value.Length > 40 ? value[..39] + "…" : value;
            output.WriteLine($"  {entity.PadRight(entityWidth)}  {shown.PadLeft(valueWidth)}  {unit,-10} {source}");
        }

        foreach (var source in cycle.Sources.Where(s => !cycle.IsAvailable(s) && !cycle.IsAbsent(s)))
        {
            output.WriteLine($"  ! {source.Name} unavailable: {cycle.Of(source).Problem}");
        }

        output.Flush();
    }

    /// <summary>The value as Home Assistant shows it: a state that carries its <c>last_reset</c> too is shown by its value.</summary>
    private static string Shown(Sensor sensor, string state)
    {
        if (sensor.ValueTemplate is null)
        {
            return state;
        }

        using var json = JsonDocument.Parse(state);
        return json.RootElement.GetProperty("value") is { ValueKind: JsonValueKind.Null } ? "unknown" : json.RootElement.GetProperty("value").GetRawText();
    }
}
