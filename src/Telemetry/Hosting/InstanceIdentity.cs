using Telemetry.Options;

namespace Telemetry.Hosting;

/// <summary>Finds the instance id: the agent's own, or one the add-on generated once and keeps in its state folder.</summary>
/// <remarks>The agent's id makes the unique ids the same as its built-in telemetry's, so entity history carries over.</remarks>
internal static class InstanceIdentity
{
    public const string FileName = "instance_id";

    /// <returns>The id, and where it came from (for the log).</returns>
    public static (string Id, string Origin) Resolve(AgentPaths paths, string stateDirectory, TimeProvider timeProvider)
    {
        if (ReadId(paths.InstanceId) is { } agentId)
        {
            return (agentId, $"the agent's, from {paths.InstanceId}");
        }

        var ownPath = Path.Combine(stateDirectory, FileName);
        if (ReadId(ownPath) is { } ownId)
        {
            return (ownId, $"the add-on's own, from {ownPath}; the agent has none at {paths.InstanceId}");
        }

        var generated = Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString();
        Directory.CreateDirectory(stateDirectory);
        File.WriteAllText(ownPath, generated + "\n");
        return (generated, $"generated and kept in {ownPath}; the agent has none at {paths.InstanceId}");
    }

    private static string? ReadId(string path)
    {
        try
        {
            var text = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
            return text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? text : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
