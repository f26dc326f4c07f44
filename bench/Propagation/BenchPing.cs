using System.Collections.Concurrent;
using MassTransit;

namespace HybridGateway.Propagation;

/// <summary>The baseline's message: a bare publish → consume over the same broker.</summary>
public sealed record BenchPing(int Sequence);

/// <summary>Completes the waiter of each sequence number it receives.</summary>
public sealed class BenchPingConsumer : IConsumer<BenchPing>
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _waiters = new();

    public Task Expect(int sequence) =>
        _waiters.GetOrAdd(sequence, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public Task Consume(ConsumeContext<BenchPing> context)
    {
        _waiters.GetOrAdd(context.Message.Sequence, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return Task.CompletedTask;
    }
}
