using System.Threading.Channels;

namespace Telemetry;

/// <summary>A wake-up that bursts collapse into: raised any number of times, it is seen once by the one waiter.</summary>
internal sealed class Signal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Raise() => _channel.Writer.TryWrite(true);

    /// <summary>Completes once the signal has been raised since it was last consumed; does not consume it.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken).AsTask();

    /// <summary>Takes the signal if it is raised.</summary>
    public bool TryConsume() => _channel.Reader.TryRead(out _);
}
