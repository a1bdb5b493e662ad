using System.Globalization;

namespace Telemetry.AgentSimulator;

/// <summary>The agent's timestamp text forms (thane-data-sources §2).</summary>
internal static class AgentTime
{
    /// <summary>usage_records: RFC 3339, whole seconds, <c>Z</c>.</summary>
    public static string Rfc3339(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>log_entries, sessions, attachments: Go's RFC3339Nano, trailing fraction zeros trimmed, no fraction at all on a whole second.</summary>
    public static string Rfc3339Nano(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "") + "Z";
    }
}
