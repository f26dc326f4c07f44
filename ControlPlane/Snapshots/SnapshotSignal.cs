using System.Threading.Channels;

namespace HybridGateway.ControlPlane.Snapshots;

/// <summary>
/// A level-triggered wake-up: any number of <see cref="Notify"/> calls before the waiter runs collapse into one,
/// which is what folds a burst of changes into one snapshot without a fixed debounce.
/// </summary>
internal class Signal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a notification or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _))
        {
            return;
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: callers poll the store anyway (another instance may have changed it).
        }
    }
}

/// <summary>Raised after every committed Admin API change: the snapshotter should look at the store.</summary>
internal sealed class SnapshotSignal : Signal;

/// <summary>Raised after a version is stored: the publisher should drain the outbox.</summary>
internal sealed class PublishSignal : Signal;
