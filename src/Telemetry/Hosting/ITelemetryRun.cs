namespace Telemetry.Hosting;

/// <summary>What the add-on does once its connection loop runs: cycles until stopped (<see cref="ContinuousRun"/>), or one cycle (<see cref="OnceRun"/>).</summary>
internal interface ITelemetryRun
{
    /// <param name="connectionLoop">The connection keeper's loop, which runs until the add-on stops.</param>
    /// <returns>Whether the run did what it was for; false makes the exit code non-zero.</returns>
    Task<bool> RunAsync(Task connectionLoop, CancellationToken cancellationToken);
}
