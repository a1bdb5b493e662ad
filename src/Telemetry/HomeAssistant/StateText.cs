using System.Globalization;

namespace Telemetry.HomeAssistant;

/// <summary>State payload formats: the agent's for its own sensors, Home Assistant's for the others.</summary>
internal static class StateText
{
    /// <summary>Home Assistant's MQTT sensor reads this payload as "unknown".</summary>
    public const string Unknown = "None";

    /// <summary>Home Assistant rejects longer non-numeric states.</summary>
    public const int MaxLength = 255;

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Fixed(double? value, int decimals) => value is { } v ? Fixed(v, decimals) : Unknown;

    public static string Text(string value) => value.Length <= MaxLength ? value : value[..MaxLength];

    /// <summary>Dollars from whole nano-dollars, to the micro-dollar: exact, so the same sum always gives the same text.</summary>
    public static string Money(long nanos) =>
        Math.Round(nanos / 1_000_000_000m, 6, MidpointRounding.AwayFromZero).ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 with its offset, whole seconds: what a <c>timestamp</c> sensor and <c>last_reset</c> need.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        new DateTimeOffset(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset? value) => value is { } v ? Timestamp(v) : Unknown;

    /// <summary>A binary sensor's default payloads.</summary>
    public static string OnOff(bool on) => on ? "ON" : "OFF";

    /// <summary>The state of a sensor whose total started again at <paramref name="lastReset"/> (read with <see cref="SensorTemplates"/>); a null value is unknown.</summary>
    public static string WithLastReset(string? value, DateTimeOffset lastReset) =>
        $$"""{"value":{{value ?? "null"}},"last_reset":"{{Timestamp(lastReset)}}"}""";
}
