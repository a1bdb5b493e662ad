using Microsoft.Extensions.Logging;
using Telemetry.Sources;

namespace Telemetry.Hosting;

/// <summary>Logs a source's state once when it changes (appears, fails, recovers), not every cycle.</summary>
internal sealed class SourceHealth(ILogger<SourceHealth> logger)
{
    private readonly Dictionary<SourceKey, string?> _last = [];

    public void Observe(CycleReadings cycle)
    {
        foreach (var source in cycle.Sources)
        {
            var reading = cycle.Of(source);
            var problem = reading.Problem;
            var known = _last.TryGetValue(source, out var previous);
            if (known && previous == problem)
            {
                continue;
            }

            _last[source] = problem;
            if (problem is null)
            {
                if (known)
                {
                    Log.SourceRecovered(logger, source.Name);
                }
                else
                {
                    Log.SourceAvailable(logger, source.Name);
                }
            }
            else if (reading.IsAbsent)
            {
                // Expected (a file current agents do not have): not worth a warning, and its sensors are not announced.
                Log.SourceAbsent(logger, source.Name, problem);
            }
            else
            {
                Log.SourceUnavailable(logger, source.Name, problem);
            }
        }
    }
}
