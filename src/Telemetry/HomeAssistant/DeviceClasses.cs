namespace Telemetry.HomeAssistant;

/// <summary>The device classes the rows use, each with a unit Home Assistant accepts for it without a warning.</summary>
internal static class DeviceClasses
{
    /// <summary>With <c>B</c>.</summary>
    public const string DataSize = "data_size";

    /// <summary>With <c>ms</c>.</summary>
    public const string Duration = "duration";

    /// <summary>With a currency; Home Assistant allows it only with <c>state_class: total</c>.</summary>
    public const string Monetary = "monetary";

    public const string Timestamp = "timestamp";

    public const string Enum = "enum";
}
