using System.Globalization;

namespace Telemetry.HomeAssistant;

/// <summary>State payload formats, as the agent publishes them.</summary>
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
}
