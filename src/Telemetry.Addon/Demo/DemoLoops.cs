using System.Text.Json;

namespace Telemetry.Addon.Demo;

/// <summary>The demo agent's loops, as its <c>GET /v1/loops</c> shows them.</summary>
internal sealed class DemoLoops(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<Loop> _loops =
    [
        new("0197a000-0000-7000-8000-000000000001", "core", null, "pending", 0, 0, 0),
        new("0197a000-0000-7000-8000-000000000002", "home-assistant", "0197a000-0000-7000-8000-000000000001", "pending", 0, 0, 0),
        new("0197a000-0000-7000-8000-000000000003", "telemetry", "0197a000-0000-7000-8000-000000000002", "sleeping", 1_412, 0, 0),
        new("0197a000-0000-7000-8000-000000000004", "metacognitive", null, "sleeping", 288, 200_000, 41_000),
        new("0197a000-0000-7000-8000-000000000005", "signal/Alice", null, "waiting", 57, 128_000, 12_500),
    ];

    private readonly Random _random = new(1409);
    private int _ticks;

    /// <summary>Moves the loops along every 3 s until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(3), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Advance(_random);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Loops wake and sleep; every minute a nightly-digest loop comes or goes, so per-loop sensors appear and vanish.</summary>
    private void Advance(Random random)
    {
        lock (_lock)
        {
            for (var i = 0; i < _loops.Count; i++)
            {
                var loop = _loops[i];
                if (loop.State is "pending")
                {
                    continue;
                }

                var state = random.Next(5) switch { 0 => "processing", 1 when loop.ContextWindow == 0 => "error", _ => loop.DefaultState };
                _loops[i] = loop with
                {
                    State = state,
                    Iterations = loop.Iterations + (state == "processing" ? 1 : 0),
                    PeakInput = loop.ContextWindow == 0 ? 0 : Math.Clamp(loop.PeakInput + random.Next(-4_000, 6_000), 1_000, loop.ContextWindow),
                };
            }

            if (++_ticks % 20 == 0)
            {
                var digest = _loops.FindIndex(l => l.Name == "scheduled/nightly-digest");
                if (digest >= 0)
                {
                    _loops.RemoveAt(digest);
                }
                else
                {
                    _loops.Add(new("0197a000-0000-7000-8000-000000000006", "scheduled/nightly-digest", null, "processing", 1, 0, 0));
                }
            }
        }
    }

    /// <summary>The agent's flat <c>loop.Status</c> shape, name-sorted; keys with zero values are omitted as Go's omitempty does.</summary>
    public byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            lock (_lock)
            {
                foreach (var loop in _loops.OrderBy(l => l.Name, StringComparer.Ordinal))
                {
                    json.WriteStartObject();
                    json.WriteString("id", loop.Id);
                    json.WriteString("name", loop.Name);
                    json.WriteString("state", loop.State);
                    if (loop.ParentId is not null)
                    {
                        json.WriteString("parent_id", loop.ParentId);
                    }

                    json.WriteString("started_at", time.GetUtcNow().AddHours(-5).ToString("O"));
                    json.WriteString("last_wake_at", time.GetUtcNow().ToString("O"));
                    json.WriteNumber("iterations", loop.Iterations);
                    json.WriteNumber("attempts", loop.Iterations);
                    json.WriteNumber("total_input_tokens", loop.Iterations * 9_000L);
                    json.WriteNumber("total_output_tokens", loop.Iterations * 700L);
                    if (loop.PeakInput > 0)
                    {
                        json.WriteNumber("last_peak_input_tokens", loop.PeakInput);
                    }

                    if (loop.ContextWindow > 0)
                    {
                        json.WriteNumber("context_window", loop.ContextWindow);
                    }

                    json.WriteNumber("consecutive_errors", loop.State == "error" ? 1 : 0);
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private sealed record Loop(string Id, string Name, string? ParentId, string State, long Iterations, int ContextWindow, int PeakInput)
    {
        public string DefaultState { get; } = State;
    }
}
