using System.Text.Json;

namespace Telemetry.Sources.Loops;

/// <summary>Reads the bare JSON array of <c>/v1/loops</c>; fields not needed here are ignored.</summary>
internal static class LoopsResponse
{
    public static LoopsFigures Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"expected a JSON array, got {root.ValueKind}");
        }

        int active = 0, sleeping = 0, errored = 0, total = 0;
        double? context = null;
        var roots = new List<LoopInfo>();
        foreach (var loop in root.EnumerateArray())
        {
            if (loop.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("expected each loop to be a JSON object");
            }

            total++;
            var state = Text(loop, "state") ?? "";
            switch (state)
            {
                case "processing": active++; break;
                case "sleeping" or "waiting": sleeping++; break;
                case "error": errored++; break;
            }

            // Children count in the totals, but only roots get sensors: child names carry chat text.
            if (string.IsNullOrEmpty(Text(loop, "parent_id")))
            {
                roots.Add(new LoopInfo(Text(loop, "id") ?? "", Text(loop, "name") ?? "", state, Number(loop, "iterations")));
            }

            var window = Number(loop, "context_window");
            if (window > 0)
            {
                var fill = Math.Min(100.0, Number(loop, "last_peak_input_tokens") * 100.0 / window);
                context = context is { } best ? Math.Max(best, fill) : fill;
            }
        }

        return new LoopsFigures(active, sleeping, errored, total, context, roots);
    }

    private static string? Text(JsonElement loop, string key) =>
        loop.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Number(JsonElement loop, string key) =>
        loop.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;
}
