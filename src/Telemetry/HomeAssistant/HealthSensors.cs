using System.Text.Json;
using Telemetry.Collection;
using Telemetry.Sources;
using Telemetry.Sources.Agent;
using static Telemetry.HomeAssistant.StateText;

namespace Telemetry.HomeAssistant;

/// <summary>Health at a glance, as diagnostic entities: each source's problem, the last collection, and the agent's own status.</summary>
/// <remarks>
/// A source's problem sensor follows only the add-on's availability (it is what reports the source's), so "the logs
/// database cannot be read" is a state to see and automate on, with the reason as an attribute, rather than the
/// silence of unavailable sensors.
/// </remarks>
internal static class HealthSensors
{
    private const string Timestamp = "timestamp";

    /// <summary>The states of <c>agent_health</c>; any other status the agent reports is unknown.</summary>
    public static readonly IReadOnlyList<string> AgentHealthStates = ["healthy", "degraded"];

    public static IReadOnlyList<Sensor> All { get; } =
    [
        .. SourceKeys.All.Select(SourceProblem),
        new() { Key = "last_collection", Name = "Last Collection", Source = null, State = s => StateText.Timestamp(s.FinishedAt),
                Icon = "mdi:clock-check-outline", DeviceClass = Timestamp, Diagnostic = true },
        new() { Key = "agent_version", Name = "Agent Version", Source = SourceKey.Agent, State = s => Text(s.Agent.Value!.Version ?? Unknown),
                Attributes = VersionAttributes, Icon = "mdi:tag", Diagnostic = true },
        new() { Key = "agent_started", Name = "Agent Started", Source = SourceKey.Agent, State = s => StateText.Timestamp(s.Agent.Value!.Started),
                Icon = "mdi:restart", DeviceClass = Timestamp, Diagnostic = true },
        new() { Key = "agent_health", Name = "Agent Health", Source = SourceKey.Agent, State = AgentHealth,
                Attributes = DependencyAttributes, Icon = "mdi:heart-pulse", DeviceClass = "enum", Options = AgentHealthStates, Diagnostic = true },
    ];

    /// <summary>The key of a source's problem sensor.</summary>
    public static string ProblemKey(SourceKey source) => $"source_{source.Name()}_problem";

    private static Sensor SourceProblem(SourceKey source) => new()
    {
        Key = ProblemKey(source),
        Name = $"Source {source.Name().Replace('_', ' ')}",
        Platform = "binary_sensor",
        // Available with the add-on (it reports the source's state), announced only where the source exists.
        Source = null,
        PresentWith = source,
        State = s => OnOff(!s.IsAvailable(source)),
        Attributes = s => Reason(s.ProblemOf(source)),
        DeviceClass = "problem",
        Diagnostic = true,
    };

    private static string Reason(string? problem) => JsonSerializer.Serialize(
        problem is null ? [] : new Dictionary<string, string> { ["reason"] = Text(problem) },
        HomeAssistantJsonContext.Default.DictionaryStringString);

    private static string AgentHealth(Snapshot snapshot) =>
        snapshot.Agent.Value!.Status is var status && AgentHealthStates.Contains(status) ? status : Unknown;

    private static string VersionAttributes(Snapshot snapshot) => JsonSerializer.Serialize(
        snapshot.Agent.Value!.GitCommit is { } commit ? new Dictionary<string, string> { ["git_commit"] = commit } : [],
        HomeAssistantJsonContext.Default.DictionaryStringString);

    private static string DependencyAttributes(Snapshot snapshot)
    {
        var dependencies = new Dictionary<string, AgentDependencyAttributes>(StringComparer.Ordinal);
        foreach (var dependency in snapshot.Agent.Value!.Dependencies)
        {
            dependencies[dependency.Name] = new AgentDependencyAttributes(dependency.Ready, dependency.LastCheck, dependency.LastError);
        }

        return JsonSerializer.Serialize(dependencies, HomeAssistantJsonContext.Default.DictionaryStringAgentDependencyAttributes);
    }
}
