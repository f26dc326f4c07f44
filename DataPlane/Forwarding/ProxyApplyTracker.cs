using System.Collections.Concurrent;
using Yarp.ReverseProxy.Configuration;

namespace HybridGateway.DataPlane.Forwarding;

/// <summary>
/// Learns from YARP when a revision has been applied (or rejected), so the data plane swaps its runtime only
/// once YARP's routes, clusters and endpoints for that revision exist.
/// </summary>
internal sealed class ProxyApplyTracker : IConfigChangeListener
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _pending = new(StringComparer.Ordinal);

    /// <summary>Registers interest in a revision; call before publishing it to YARP.</summary>
    public Task Expect(string revisionId)
    {
        var source = _pending.GetOrAdd(revisionId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return source.Task;
    }

    public void Forget(string revisionId) => _pending.TryRemove(revisionId, out _);

    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception)
    {
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var source))
            {
                source.TrySetException(new InvalidOperationException("YARP could not load the proxy config: " + exception.Message, exception));
            }
        }
    }

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
    }

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception)
    {
        foreach (var config in proxyConfigs)
        {
            if (_pending.TryRemove(config.RevisionId, out var source))
            {
                source.TrySetException(new InvalidOperationException("YARP rejected the proxy config: " + Flatten(exception), exception));
            }
        }
    }

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
        foreach (var config in proxyConfigs)
        {
            if (_pending.TryRemove(config.RevisionId, out var source))
            {
                source.TrySetResult();
            }
        }
    }

    private static string Flatten(Exception exception) => exception is AggregateException aggregate
        ? string.Join("; ", aggregate.Flatten().InnerExceptions.Select(e => e.Message))
        : exception.Message;
}
