using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace HybridGateway.DataPlane.Forwarding;

/// <summary>
/// Feeds YARP the routes and clusters of the active config, like YARP's InMemoryConfigProvider:
/// a volatile snapshot swapped with <see cref="Interlocked.Exchange{T}(ref T, T)"/>, whose change token is then cancelled.
/// </summary>
internal sealed class KongProxyConfigProvider : IProxyConfigProvider
{
    private volatile Snapshot _snapshot = new([], [], "0");

    public IProxyConfig GetConfig() => _snapshot;

    /// <summary>Publishes a new config to YARP; <paramref name="revisionId"/> is the config version.</summary>
    public void Update(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, string revisionId)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(clusters);
        var old = Interlocked.Exchange(ref _snapshot, new Snapshot(routes, clusters, revisionId));
        old.SignalChange();
    }

    private sealed class Snapshot : IProxyConfig
    {
        private readonly CancellationTokenSource _changed = new();

        public Snapshot(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, string revisionId)
        {
            Routes = routes;
            Clusters = clusters;
            RevisionId = revisionId;
            ChangeToken = new CancellationChangeToken(_changed.Token);
        }

        public string RevisionId { get; }

        public IReadOnlyList<RouteConfig> Routes { get; }

        public IReadOnlyList<ClusterConfig> Clusters { get; }

        public IChangeToken ChangeToken { get; }

        internal void SignalChange() => _changed.Cancel();
    }
}
