namespace Telemetry.Testing;

/// <summary>Another machine's clock: the same as <paramref name="inner"/>, shifted by <see cref="Offset"/>.</summary>
internal sealed class OffsetClock(TimeProvider inner) : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;
}
