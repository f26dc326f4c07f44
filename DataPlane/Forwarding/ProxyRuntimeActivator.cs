using System.Collections.Frozen;
using HybridGateway.DataPlane.Runtime;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace HybridGateway.DataPlane.Forwarding;

/// <summary>Makes a runtime live in YARP and attaches YARP's endpoint for each route.</summary>
internal interface IRuntimeActivator
{
    /// <summary>Publishes the runtime's routes and clusters; returns the runtime with its endpoints once YARP applied them.</summary>
    Task<GatewayRuntime> ActivateAsync(GatewayRuntime runtime, long version, CancellationToken cancellationToken);
}

/// <inheritdoc />
internal sealed class ProxyRuntimeActivator : IRuntimeActivator
{
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(30);

    private readonly KongProxyConfigProvider _provider;
    private readonly ProxyApplyTracker _tracker;
    private readonly IServiceProvider _services;

    public ProxyRuntimeActivator(KongProxyConfigProvider provider, ProxyApplyTracker tracker, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(services);
        _provider = provider;
        _tracker = tracker;
        _services = services;
    }

    public async Task<GatewayRuntime> ActivateAsync(GatewayRuntime runtime, long version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);

        // RevisionId = config version. Applies are serialized, so one revision is pending at a time.
        var revision = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var applied = _tracker.Expect(revision);
        try
        {
            _provider.Update(runtime.ProxyRoutes, runtime.ProxyClusters, revision);
            await applied.WaitAsync(ApplyTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _tracker.Forget(revision);
        }

        // YARP's config manager is its endpoint data source; it is registered as IProxyStateLookup.
        if (_services.GetRequiredService<IProxyStateLookup>() is not EndpointDataSource dataSource)
        {
            throw new InvalidOperationException("YARP's endpoint data source is not available (MapReverseProxy was not called?).");
        }

        var endpoints = new Dictionary<Guid, Endpoint>();
        foreach (var endpoint in dataSource.Endpoints)
        {
            if (endpoint.Metadata.GetMetadata<RouteModel>() is { } model && ProxyIds.TryParseRoute(model.Config.RouteId, out var routeId))
            {
                endpoints[routeId] = endpoint;
            }
        }

        var missing = runtime.ProxyRoutes.Where(r => ProxyIds.TryParseRoute(r.RouteId, out var id) && !endpoints.ContainsKey(id)).Select(r => r.RouteId).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("YARP has no endpoint for " + string.Join(", ", missing));
        }

        return runtime with { Endpoints = endpoints.ToFrozenDictionary() };
    }
}
