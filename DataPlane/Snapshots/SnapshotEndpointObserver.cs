using MassTransit;

namespace HybridGateway.DataPlane.Snapshots;

/// <summary>
/// When the node's snapshot queue becomes ready (first connection, or after the broker came back), versions
/// published meanwhile were not delivered to it: fetch the latest at once instead of waiting for the next poll.
/// </summary>
internal sealed class SnapshotEndpointObserver : IReceiveEndpointObserver
{
    private readonly SnapshotSynchronizer _synchronizer;

    public SnapshotEndpointObserver(SnapshotSynchronizer synchronizer)
    {
        ArgumentNullException.ThrowIfNull(synchronizer);
        _synchronizer = synchronizer;
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        // Not awaited: the transport must not wait on an HTTP call to the control plane.
        _ = Task.Run(() => _synchronizer.FetchLatestAsync(CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
