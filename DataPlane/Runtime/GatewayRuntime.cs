using System.Collections.Frozen;
using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Plugins.Authentication;
using HybridGateway.DataPlane.Routing;
using HybridGateway.Shared.Configuration;
using YarpCluster = Yarp.ReverseProxy.Configuration.ClusterConfig;
using YarpRoute = Yarp.ReverseProxy.Configuration.RouteConfig;

namespace HybridGateway.DataPlane.Runtime;

/// <summary>
/// Everything a request needs for one config version, built once and never changed: the compiled Kong router,
/// per-route plugin chains, the YARP routes and clusters, and (once YARP applied them) the endpoint of each route.
/// </summary>
internal sealed record GatewayRuntime
{
    public static GatewayRuntime Empty { get; } = new()
    {
        Config = GatewayConfig.Empty,
        Router = KongRouter.Empty,
        Plugins = FrozenDictionary<Guid, RoutePlugins>.Empty,
        ProxyRoutes = [],
        ProxyClusters = [],
        Consumers = ConsumerDirectory.Empty,
    };

    public required GatewayConfig Config { get; init; }

    public required KongRouter Router { get; init; }

    /// <summary>Plugin chains by route id.</summary>
    public required FrozenDictionary<Guid, RoutePlugins> Plugins { get; init; }

    public required IReadOnlyList<YarpRoute> ProxyRoutes { get; init; }

    public required IReadOnlyList<YarpCluster> ProxyClusters { get; init; }

    /// <summary>Consumers and credentials, indexed for authentication plugins.</summary>
    public required ConsumerDirectory Consumers { get; init; }

    /// <summary>Key sets, loaded for the signing plugins and the JWKS endpoints.</summary>
    public Keys.KeyRing Keys { get; init; } = DataPlane.Keys.KeyRing.Empty;

    /// <summary>YARP's endpoint for each route that has a service, filled in after YARP applied the routes.</summary>
    public FrozenDictionary<Guid, Endpoint> Endpoints { get; init; } = FrozenDictionary<Guid, Endpoint>.Empty;

    public RoutePlugins PluginsFor(Guid routeId) => Plugins.TryGetValue(routeId, out var plugins) ? plugins : RoutePlugins.None;
}

/// <summary>Where an applied config came from.</summary>
internal enum ConfigSource
{
    Cache,
    Bus,
    Fetch,
}

/// <summary>The runtime being served, with the version it was built from.</summary>
internal sealed record ActiveConfig(GatewayRuntime Runtime, long Version, string Hash, DateTimeOffset AppliedAt, ConfigSource Source);

/// <summary>Holds the active config; readers on the request path take no lock.</summary>
internal sealed class RuntimeHolder
{
    private volatile ActiveConfig? _current;

    /// <summary>The config being served, or null before the first successful apply.</summary>
    public ActiveConfig? Current => _current;

    public void Swap(ActiveConfig next)
    {
        ArgumentNullException.ThrowIfNull(next);
        _current = next;
    }
}
