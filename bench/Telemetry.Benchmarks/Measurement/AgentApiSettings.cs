namespace Telemetry.Benchmarks.Measurement;

/// <summary>How many times <see cref="AgentApiBenchmark"/> measures.</summary>
/// <param name="Warmups">Unmeasured rounds of the cheap request sets (and at least a second of them).</param>
/// <param name="Runs">Measured rounds of the cheap request sets: the baseline, the steady cycle, the top of the hour, the calendar windows.</param>
/// <param name="FirstStartRuns">Measured rounds of the whole-history reads, after one warm-up read.</param>
/// <param name="FirstStartBudget">After this long, no further whole-history round is started.</param>
/// <param name="DropCaches">Also one first start with the page cache emptied before it (needs root).</param>
internal sealed record AgentApiSettings(int Warmups, int Runs, int FirstStartRuns, TimeSpan FirstStartBudget, bool DropCaches);
