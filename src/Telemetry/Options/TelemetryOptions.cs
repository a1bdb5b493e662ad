using Microsoft.Extensions.Logging;

namespace Telemetry.Options;

/// <summary>The add-on's validated options, in the program's own types.</summary>
/// <remarks>Read from the Supervisor's <c>options.json</c> (snake_case keys) by <see cref="OptionsParser"/>.</remarks>
internal sealed record TelemetryOptions
{
    /// <summary>The agent's working directory, when its files are on this machine; null when not set (see <see cref="AgentAccess"/>).</summary>
    public string? ThaneDir { get; init; }

    /// <summary>Overrides of the paths derived from <see cref="ThaneDir"/>; null where not overridden.</summary>
    public string? MainDb { get; init; }

    public string? LogsDb { get; init; }

    public string? AttachmentsDb { get; init; }

    public string? UsageDb { get; init; }

    /// <summary>Base URL of the agent's HTTP API: loops and status beside the files, everything it gives without them.</summary>
    public Uri? AgentUrl { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c> to the agent's API (an agent behind a reverse proxy); never logged.</summary>
    public string? AgentToken { get; init; }

    /// <summary>Home Assistant device name and topic segment. <value>The default value is <c>thane</c>.</value></summary>
    public required string DeviceName { get; init; }

    /// <summary><value>The default value is <c>homeassistant</c>.</value></summary>
    public required string DiscoveryPrefix { get; init; }

    /// <summary>Time between collections, 10 s to 1 h. <value>The default value is 60 seconds.</value></summary>
    public required TimeSpan Interval { get; init; }

    /// <summary><value>The default value is <see cref="LogLevel.Information"/>.</value></summary>
    public required LogLevel LogLevel { get; init; }

    /// <summary>Whether the agent's hourly usage goes into Home Assistant's long-term statistics. <value>The default value is <see langword="true"/>.</value></summary>
    public bool HistoryImport { get; init; } = true;

    /// <summary>Whether the imported statistics are removed and imported again, once per time this is turned on. <value>The default value is <see langword="false"/>.</value></summary>
    public bool HistoryRebuild { get; init; }

    /// <summary>An explicit broker; null when the broker comes from the Supervisor.</summary>
    public BrokerOptions? Broker { get; init; }
}
