using HybridGateway.Shared.Contracts;
using MassTransit;

namespace HybridGateway.DataPlane.Snapshots;

/// <summary>Receives every config version the control plane publishes (on this node's own temporary queue).</summary>
internal sealed class ConfigVersionPublishedConsumer : IConsumer<ConfigVersionPublished>
{
    private readonly SnapshotSynchronizer _synchronizer;

    public ConfigVersionPublishedConsumer(SnapshotSynchronizer synchronizer)
    {
        ArgumentNullException.ThrowIfNull(synchronizer);
        _synchronizer = synchronizer;
    }

    public Task Consume(ConsumeContext<ConfigVersionPublished> context) =>
        _synchronizer.HandlePublishedAsync(context.Message, context.CancellationToken);
}

/// <summary>One message at a time: versions are applied in the order this node handles them.</summary>
internal sealed class ConfigVersionPublishedConsumerDefinition : ConsumerDefinition<ConfigVersionPublishedConsumer>
{
    public ConfigVersionPublishedConsumerDefinition()
    {
        ConcurrentMessageLimit = 1;
    }
}
