using System.Globalization;
using Telemetry.AgentSimulator;

namespace Telemetry.Benchmarks.Generation;

/// <summary>A deterministic stream of what a busy agent writes: requests (several log rows over seconds, LLM calls
/// recorded in usage), background loop chatter, errors, DEBUG/TRACE rows, and the asynchronous write path that
/// lets a row reach the table a little after rows with later timestamps.</summary>
internal sealed class AgentStream
{
    private static readonly (string Model, string Provider, double InPerMillion, double OutPerMillion, double Weight)[] Models =
    [
        ("anthropic/claude-sonnet-4-5", "anthropic", 3, 15, 0.35),
        ("anthropic/claude-haiku-4-5", "anthropic", 1, 5, 0.25),
        ("ollama/qwen3:32b", "ollama", 0, 0, 0.18),
        ("lmstudio/gemma-3-27b", "lmstudio", 0, 0, 0.12),
        ("anthropic/claude-opus-4-1", "anthropic", 15, 75, 0.10),
    ];

    private static readonly string[] RequestMessages =
    [
        "request received", "context assembled", "llm call started", "llm call completed", "tool call started", "tool call completed",
        "executing tool", "tool result truncated", "iteration complete", "response streamed", "request completed", "delegating to child loop",
        "memory recall", "prompt cache hit", "retrying llm call after rate limit",
    ];

    private static readonly string[] BackgroundMessages =
    [
        "loop woke", "loop sleeping", "mqtt message received", "home assistant state changed", "watchlist check", "scheduler tick",
        "email poll finished", "calendar sync", "connwatch probe ok", "archive compaction", "attachment analysed", "notification queued",
    ];

    private static readonly string[] Subsystems = ["agent", "llm", "tools", "memory", "router", "mqtt", "homeassistant", "scheduler", "email", "archive"];
    private static readonly string[] Tools = ["ha_call_service", "ha_get_state", "web_search", "archive_search", "send_email", "remember", "shell", "calendar"];
    private static readonly string[] Loops = ["core", "home-assistant", "telemetry", "mqtt", "email_poll", "watchlist", "scheduler", "signal/Alice", "calendar"];

    private readonly Random _random;
    private readonly PriorityQueue<object, (DateTimeOffset WriteAt, long Sequence)> _pending = new();
    private Traffic _traffic;
    private double _requestsPerSecond;
    private double _backgroundRowsPerSecond;
    private long _sequence;
    private DateTimeOffset _nextRequest;
    private DateTimeOffset _nextBackground;

    public AgentStream(Scale scale, DateTimeOffset start, int seed)
        : this(scale.Early, start, seed)
    {
    }

    public AgentStream(Traffic traffic, DateTimeOffset start, int seed)
    {
        _random = new Random(seed);
        _traffic = traffic;
        (_requestsPerSecond, _backgroundRowsPerSecond) = Rates(traffic);
        _nextRequest = start + Exponential(1 / _requestsPerSecond);
        _nextBackground = start + Exponential(1 / _backgroundRowsPerSecond);
    }

    /// <summary>Writes at another rate from now on (the arrivals already drawn keep their times).</summary>
    public void Use(Traffic traffic)
    {
        _traffic = traffic;
        (_requestsPerSecond, _backgroundRowsPerSecond) = Rates(traffic);
    }

    private static (double Requests, double Background) Rates(Traffic traffic)
    {
        var rowsPerSecond = traffic.LogRowsPerDay / 86_400;
        return (rowsPerSecond * traffic.RequestRowShare / traffic.MeanRowsPerRequest, rowsPerSecond * (1 - traffic.RequestRowShare));
    }

    /// <summary>Emits, in write order, every row whose write has happened before <paramref name="until"/>.</summary>
    public void Advance(DateTimeOffset until, Action<LogRow> onLog, Action<UsageRow> onUsage)
    {
        while (_nextRequest < until || _nextBackground < until)
        {
            if (_nextRequest <= _nextBackground)
            {
                StartRequest(_nextRequest);
                _nextRequest += Exponential(1 / _requestsPerSecond);
            }
            else
            {
                Background(_nextBackground);
                _nextBackground += Exponential(1 / _backgroundRowsPerSecond);
            }
        }

        while (_pending.TryPeek(out var row, out var key) && key.WriteAt < until)
        {
            _pending.Dequeue();
            switch (row)
            {
                case LogRow log:
                    onLog(log);
                    break;
                case UsageRow usage:
                    onUsage(usage);
                    break;
            }
        }
    }

    private void StartRequest(DateTimeOffset start)
    {
        var requestId = Uuid7(start);
        var sessionId = Uuid7(start.AddMinutes(-_random.Next(0, 120)));
        var conversationId = "conv-" + _random.Next(0, 5_000).ToString("D5", CultureInfo.InvariantCulture);
        var rows = (int)Math.Clamp(Math.Round(LogNormal(_traffic.MedianRowsPerRequest, 0.75)), 1, 250);
        var duration = TimeSpan.FromSeconds(Math.Clamp(LogNormal(4, 1.2), 0.02, 900));
        var model = PickModel();
        for (var i = 0; i < rows; i++)
        {
            var at = i == 0 ? start : i == rows - 1 ? start + duration : start + (duration * _random.NextDouble());
            var level = RequestLevel();
            var tool = _random.NextDouble() < 0.3 ? Tools[_random.Next(Tools.Length)] : null;
            Enqueue(Log(at, level, RequestMessages[_random.Next(RequestMessages.Length)], requestId, sessionId, conversationId,
                Subsystems[_random.Next(4)], tool, _random.NextDouble() < 0.4 ? model.Model : null, null, null));
        }

        var calls = _traffic.UsagePerRequest is { } chance ? (_random.NextDouble() < chance ? 1 : 0) : 1 + (int)Math.Min(8, ExponentialSeconds(1.5));
        for (var i = 0; i < calls; i++)
        {
            Enqueue(Usage(start + (duration * _random.NextDouble()), requestId, sessionId, conversationId, model, "interactive", null));
        }
    }

    private void Background(DateTimeOffset at)
    {
        var loop = _random.Next(Loops.Length);
        Enqueue(Log(at, BackgroundLevel(), BackgroundMessages[_random.Next(BackgroundMessages.Length)], null, null, null,
            Subsystems[4 + _random.Next(Subsystems.Length - 4)], null, null, "loop-" + loop.ToString("D4", CultureInfo.InvariantCulture), Loops[loop]));
        if (_random.NextDouble() < _traffic.BackgroundUsageShare)
        {
            Enqueue(Usage(at, Uuid7(at), null, null, PickModel(), _random.NextDouble() < 0.5 ? "scheduled" : "auxiliary", "loop:" + Loops[loop]));
        }
    }

    private LogRow Log(
        DateTimeOffset at, string level, string msg, string? requestId, string? sessionId, string? conversationId,
        string subsystem, string? tool, string? model, string? loopId, string? loopName)
    {
        var attrs = string.Create(CultureInfo.InvariantCulture,
            $$"""{"duration_ms":{{_random.Next(1, 30_000)}},"attempt":{{_random.Next(1, 4)}},"status":"{{(level.StartsWith("ERROR", StringComparison.Ordinal) ? "failed" : "ok")}}","bytes":{{_random.Next(0, 200_000)}},"component":"{{subsystem}}.{{_random.Next(0, 40)}}"}""");
        return new LogRow(at, Nano(at, _random.Next(0, 100)), level, msg, requestId, sessionId, conversationId, subsystem, tool, model, loopId, loopName,
            "internal/" + subsystem + "/" + subsystem + ".go", _random.Next(20, 900), attrs);
    }

    private UsageRow Usage(
        DateTimeOffset at, string requestId, string? sessionId, string? conversationId,
        (string Model, string Provider, double InPerMillion, double OutPerMillion, double Weight) model, string role, string? task)
    {
        var input = (long)Math.Clamp(LogNormal(6_000, 1.0), 50, 180_000);
        var output = (long)Math.Clamp(LogNormal(350, 0.9), 1, 16_000);
        var cacheRead = model.Provider == "anthropic" && _random.NextDouble() < 0.6 ? (long)(input * 3 * _random.NextDouble()) : 0;
        var cost = (input * model.InPerMillion / 1e6) + (output * model.OutPerMillion / 1e6) + (cacheRead * model.InPerMillion / 1e7);
        var upstream = model.Model[(model.Model.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return new UsageRow(at, Uuid7(at), AgentTime.Rfc3339(at), requestId, sessionId, conversationId, model.Model, model.Provider, input, output, cost,
            role, task, upstream, model.Provider + "-main", 0, cacheRead, "msg_" + Convert.ToHexString(Bytes(12)).ToLowerInvariant());
    }

    private void Enqueue(LogRow row) => _pending.Enqueue(row, (row.At + WriteDelay(), _sequence++));

    private void Enqueue(UsageRow row) => _pending.Enqueue(row, (row.At + WriteDelay(), _sequence++));

    /// <summary>The indexer's channel and the store's call path: most rows land within a fraction of a second, some seconds late.</summary>
    private TimeSpan WriteDelay() => TimeSpan.FromSeconds(Math.Min(5, ExponentialSeconds(0.4)));

    private string RequestLevel() => _traffic.ErrorShare is { } errors
        ? (_random.NextDouble() < errors ? "ERROR" : "INFO")
        : _random.NextDouble() switch
    {
        < 0.03 => "DEBUG",
        < 0.055 => "ERROR",
        < 0.0555 => "ERROR+4",
        < 0.12 => "WARN",
        _ => "INFO",
    };

    private string BackgroundLevel() => _random.NextDouble() switch
    {
        < 0.04 => "DEBUG",
        < 0.045 => "TRACE",
        < 0.055 => "ERROR",
        < 0.135 => "WARN",
        _ => "INFO",
    };

    private (string Model, string Provider, double InPerMillion, double OutPerMillion, double Weight) PickModel()
    {
        var pick = _random.NextDouble();
        foreach (var model in Models)
        {
            pick -= model.Weight;
            if (pick < 0)
            {
                return model;
            }
        }

        return Models[^1];
    }

    private TimeSpan Exponential(double meanSeconds) => TimeSpan.FromSeconds(ExponentialSeconds(meanSeconds));

    private double ExponentialSeconds(double mean) => -mean * Math.Log(1 - _random.NextDouble());

    private double LogNormal(double median, double sigma)
    {
        // Box-Muller.
        var normal = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
        return median * Math.Exp(sigma * normal);
    }

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A UUIDv7 text from the stream's own randomness, so that runs are repeatable.</summary>
    public string Uuid7(DateTimeOffset at) => Uuid7Text(Bytes(16), at);

    /// <summary>A UUIDv7 text for <paramref name="at"/> over 16 random bytes (changed in place): the time in the first six, version and variant set.</summary>
    public static string Uuid7Text(byte[] bytes, DateTimeOffset at)
    {
        var ms = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(ms >> (8 * (5 - i)));
        }

        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        var hex = Convert.ToHexString(bytes).ToLowerInvariant();
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    /// <summary>Go's RFC3339Nano as the indexer writes it: nanoseconds, trailing zeros trimmed, none on a whole second.</summary>
    public static string Nano(DateTimeOffset at, int extraNanoseconds)
    {
        var utc = at.UtcDateTime;
        var nanos = ((utc.Ticks % TimeSpan.TicksPerSecond) * 100) + extraNanoseconds;
        var fraction = nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "") + "Z";
    }
}
