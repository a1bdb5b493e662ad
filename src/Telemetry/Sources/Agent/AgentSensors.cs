using System.Text.Json;
using Telemetry.HomeAssistant;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.Sources.Agent;

/// <summary>The agent's version, start and health, as diagnostic entities.</summary>
internal static class AgentSensors
{
    /// <summary>The states of <c>agent_health</c>; any other status the agent reports is unknown.</summary>
    public static readonly IReadOnlyList<string> HealthStates = ["healthy", "degraded"];

    public static IReadOnlyList<Sensor<AgentStatus>> All { get; } =
    [
        new(AgentSource.Key) { Key = "agent_version", Name = "Agent Version", State = a => Text(a.Version ?? Unknown), Attributes = VersionAttributes,
            Icon = "mdi:tag", Diagnostic = true },
        new(AgentSource.Key) { Key = "agent_started", Name = "Agent Started", EnabledByDefault = false, State = a => Timestamp(a.Started),
            Icon = "mdi:restart", DeviceClass = DeviceClasses.Timestamp, Diagnostic = true },
        new(AgentSource.Key) { Key = "agent_health", Name = "Agent Health", State = a => HealthStates.Contains(a.Status) ? a.Status : Unknown,
            Attributes = DependencyAttributes, Icon = "mdi:heart-pulse", DeviceClass = DeviceClasses.Enum, Options = HealthStates, Diagnostic = true },
    ];

    private static string VersionAttributes(AgentStatus agent) => JsonSerializer.Serialize(
        agent.GitCommit is { } commit ? new Dictionary<string, string> { ["git_commit"] = commit } : [],
        HomeAssistantJsonContext.Default.DictionaryStringString);

    private static string DependencyAttributes(AgentStatus agent)
    {
        var dependencies = new Dictionary<string, AgentDependencyAttributes>(StringComparer.Ordinal);
        foreach (var dependency in agent.Dependencies)
        {
            dependencies[dependency.Name] = new AgentDependencyAttributes(dependency.Ready, dependency.LastCheck, dependency.LastError);
        }

        return JsonSerializer.Serialize(dependencies, HomeAssistantJsonContext.Default.DictionaryStringAgentDependencyAttributes);
    }
}
