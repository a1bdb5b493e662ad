namespace Telemetry.History;

/// <summary>Holds the history import's first pass until the add-on's first states are on the broker, or <see cref="Longest"/> at most.</summary>
/// <remarks>
/// The first pass reads the whole usage history (seconds of CPU on a year of a busy agent) and the first cycle the
/// whole 24-hour window; run together on a 2-core machine, the first states reached the broker 4.6 s after the start
/// instead of 0.9 s (BENCHMARKS.md §6). The states come first; the statistics can wait a second. The import does not
/// need the broker, so a broker that stays away holds it for <see cref="Longest"/> only.
/// </remarks>
internal sealed class FirstCycleGate
{
    private readonly TaskCompletionSource _read = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    /// <summary>Completes once a cycle's states are on the broker.</summary>
    public Task Passed => _read.Task;

    public void Open() => _read.TrySetResult();
}
