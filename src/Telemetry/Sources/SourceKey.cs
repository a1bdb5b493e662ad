namespace Telemetry.Sources;

/// <summary>A group of sensors that share one data source, and so one availability in Home Assistant.</summary>
internal enum SourceKey
{
    /// <summary><c>thane.db</c>: sessions, file size.</summary>
    Main,

    /// <summary><c>usage_records</c>, wherever it lives (thane.db now, usage.db on old agents).</summary>
    Usage,

    /// <summary><c>logs.db</c>: requests, errors, latency, file size.</summary>
    Logs,

    /// <summary><c>attachments.db</c>.</summary>
    Attachments,

    /// <summary>The legacy <c>usage.db</c> file, sized only.</summary>
    LegacyUsage,

    /// <summary>The agent's <c>/v1/loops</c> API.</summary>
    Loops,

    /// <summary>The agent's <c>/v1/system</c> (or <c>/health</c>) API: its status, version and uptime.</summary>
    Agent,
}
