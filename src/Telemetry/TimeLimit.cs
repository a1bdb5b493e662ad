namespace Telemetry;

/// <summary>A token that is cancelled when the caller's is, or when a time limit on the injected clock has passed.</summary>
internal sealed class TimeLimit : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public TimeLimit(TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Limit = limit;
        _timer = new CancellationTokenSource(limit, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timer.Token);
    }

    public TimeSpan Limit { get; }

    public CancellationToken Token => _linked.Token;

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
