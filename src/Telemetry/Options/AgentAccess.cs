namespace Telemetry.Options;

/// <summary>How the add-on reads the agent: its files on this machine, or its HTTP API when the agent runs elsewhere.</summary>
/// <param name="Directory">The agent's working directory, when its files are read; null when only its API is.</param>
/// <param name="ApiUrl">The agent's API (loops and status with the files; everything it gives without them).</param>
/// <param name="Reason">Which way and why, for the start-up line.</param>
/// <remarks>
/// <para>
/// <c>thane_dir</c> has no default since the API way exists, so that "not set" can be told from a choice. Installs
/// from before keep what the Supervisor stored for them: it merges the manifest's defaults under the options a user
/// saved (<c>App.options</c>, supervisor/apps/app.py @090ef31), and saving the form stores every value shown, the
/// former default <c>/share/thane</c> included. So that value is taken as a choice only where it exists; an install
/// that never saved its options has no <c>thane_dir</c> and finds its files at the same place.
/// </para>
/// <para>Any other <c>thane_dir</c>, and any <c>*_db</c> override, is a choice: a directory that does not exist stops the add-on.</para>
/// </remarks>
internal sealed record AgentAccess(string? Directory, Uri? ApiUrl, string Reason)
{
    /// <summary>Where the agent's files were looked for before <c>thane_dir</c> could be left empty.</summary>
    public const string FormerDefaultDirectory = "/share/thane";

    public bool ReadsFiles => Directory is not null;

    /// <summary>Decides from the options and what exists; throws <see cref="InvalidOptionException"/> when neither way is open.</summary>
    public static AgentAccess Decide(TelemetryOptions options, Func<string, bool> directoryExists)
    {
        (string Option, string? Path)[] overrides =
            [("main_db", options.MainDb), ("logs_db", options.LogsDb), ("attachments_db", options.AttachmentsDb), ("usage_db", options.UsageDb)];
        var overridden = overrides.Where(o => o.Path is not null).ToList();
        foreach (var (option, path) in overridden)
        {
            if (System.IO.Path.GetDirectoryName(path) is { Length: > 0 } folder && !directoryExists(folder))
            {
                throw InvalidOptionException.ForOption(option, $"directory '{folder}' of '{path}' does not exist (is the agent's folder under /share mapped?)");
            }
        }

        var chosen = options.ThaneDir is { } dir && (dir != FormerDefaultDirectory || overridden.Count > 0) ? dir : null;
        if (chosen is not null)
        {
            return directoryExists(chosen)
                ? Files(chosen, "thane_dir", options.AgentUrl)
                : throw InvalidOptionException.ForOption("thane_dir", $"directory '{chosen}' does not exist (is the agent's folder under /share mapped?)");
        }

        if (overridden.Count > 0)
        {
            // The overrides are the choice; the files not overridden are looked for where they always were.
            return Files(FormerDefaultDirectory, string.Join(", ", overridden.Select(o => o.Option)) + " set", options.AgentUrl);
        }

        if (directoryExists(FormerDefaultDirectory))
        {
            return Files(FormerDefaultDirectory, options.ThaneDir is null ? "found there, thane_dir not set" : "thane_dir", options.AgentUrl);
        }

        if (options.AgentUrl is { } url)
        {
            var why = options.ThaneDir is null ? "thane_dir not set" : $"thane_dir '{FormerDefaultDirectory}' does not exist";
            return new AgentAccess(null, url, $"the agent over its API at {url} ({why}): the sensors only its files give are not announced");
        }

        throw options.ThaneDir is null
            ? InvalidOptionException.ForOption("agent_url", $"is not set and there are no agent files at {FormerDefaultDirectory}: set agent_url to the agent's address (e.g. http://192.168.1.20:8080), or thane_dir to its folder under /share")
            : InvalidOptionException.ForOption("thane_dir", $"directory '{FormerDefaultDirectory}' does not exist: set agent_url to read the agent over its API, or thane_dir to its folder under /share");
    }

    private static AgentAccess Files(string directory, string why, Uri? api) => new(
        directory,
        api,
        $"the agent's files in {directory} ({why}), " + (api is null ? "no agent_url: the loop and agent status sensors are not announced" : $"and its API at {api} for loops and status"));
}
