namespace Telemetry.Sources;

/// <summary>The reader of a source that does not exist the way the agent is read (the files' figures over the API): absent, so its sensors are not announced.</summary>
internal sealed class AbsentReader<TFigures>(string reason) : IReader<TFigures>
    where TFigures : class
{
    private readonly Task<Reading<TFigures>> _reading = Task.FromResult(Reading<TFigures>.Absent(reason));

    public bool BlocksThread => false;

    public Task<Reading<TFigures>> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) => _reading;
}
