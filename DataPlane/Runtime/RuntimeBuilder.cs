using System.Globalization;
using HybridGateway.DataPlane.Forwarding;
using HybridGateway.DataPlane.Plugins;
using HybridGateway.DataPlane.Plugins.Authentication;
using HybridGateway.DataPlane.Routing;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Validation;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using YarpRoute = Yarp.ReverseProxy.Configuration.RouteConfig;

namespace HybridGateway.DataPlane.Runtime;

/// <summary>Validates a config and compiles it into a <see cref="GatewayRuntime"/>; all problems are reported together.</summary>
internal sealed class RuntimeBuilder
{
    private readonly PluginRegistry _plugins;

    public RuntimeBuilder(PluginRegistry plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        _plugins = plugins;
    }

    /// <summary>Builds the runtime or throws <see cref="ConfigRejectedException"/> with every error found.</summary>
    public GatewayRuntime Build(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>(ConfigValidator.Validate(config));

        var services = new Dictionary<Guid, ServiceConfig>();
        foreach (var service in config.Services)
        {
            services.TryAdd(service.Id, service);
        }

        // Kong does not route to disabled services: their routes are left out of the router.
        var routes = config.Routes.Where(r => r.Service is null || !services.TryGetValue(r.Service.Id, out var s) || s.Enabled).ToList();
        var router = KongRouter.Build(routes, services, errors);
        var plugins = PluginChains.Build(config, _plugins, errors);

        var clusters = new List<ClusterConfig>();
        var usedServices = routes.Where(r => r.Service is not null).Select(r => r.Service!.Id).ToHashSet();
        foreach (var service in config.Services.Where(s => usedServices.Contains(s.Id) && s.Enabled))
        {
            if (CreateCluster(service, errors) is { } cluster)
            {
                clusters.Add(cluster);
            }
        }

        var proxyRoutes = routes
            .Where(r => r.Service is not null && services.ContainsKey(r.Service.Id))
            .Select(r => new YarpRoute
            {
                RouteId = ProxyIds.Route(r.Id),
                ClusterId = ProxyIds.Cluster(services[r.Service!.Id]),
                // Never matched by ASP.NET routing: the Kong router picks the endpoint before UseRouting runs.
                Match = new Yarp.ReverseProxy.Configuration.RouteMatch { Path = $"/.hybridgateway/routes/{r.Id:N}/{{**rest}}" },
            })
            .ToList();

        var keys = Keys.KeyRing.Build(config, errors);
        if (errors.Count > 0)
        {
            throw new ConfigRejectedException(errors);
        }

        return new GatewayRuntime
        {
            Config = config,
            Router = router,
            Plugins = plugins,
            ProxyRoutes = proxyRoutes,
            ProxyClusters = clusters,
            Consumers = ConsumerDirectory.Build(config),
            Keys = keys,
        };
    }

    private static ClusterConfig? CreateCluster(ServiceConfig service, List<string> errors)
    {
        var protocol = service.Protocol.ToLowerInvariant();
        if (protocol is not ("http" or "https"))
        {
            errors.Add($"services {service.Id}: protocol '{service.Protocol}' is not supported by this data plane (http, https)");
            return null;
        }

        if (string.IsNullOrWhiteSpace(service.Host) || service.Port is < 1 or > 65535)
        {
            errors.Add($"services {service.Id}: host and port must name an upstream");
            return null;
        }

        var host = service.Host.Contains(':', StringComparison.Ordinal) && !service.Host.StartsWith('[') ? $"[{service.Host}]" : service.Host;
        var activity = TimeSpan.FromMilliseconds(Math.Max(Math.Max(service.ReadTimeout, service.WriteTimeout), 1));
        return new ClusterConfig
        {
            ClusterId = ProxyIds.Cluster(service),
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["upstream"] = new() { Address = $"{protocol}://{host}:{service.Port.ToString(CultureInfo.InvariantCulture)}" },
            },
            HttpRequest = new ForwarderRequestConfig
            {
                // Kong's read/write timeouts bound the time between two reads or writes: YARP's activity timeout.
                ActivityTimeout = activity,
                Version = new Version(1, 1),
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            },
            HttpClient = new HttpClientConfig
            {
                // Kong does not verify upstream certificates unless tls_verify is set.
                DangerousAcceptAnyServerCertificate = service.TlsVerify != true,
            },
            Metadata = new Dictionary<string, string>
            {
                [ProxyIds.ConnectTimeoutMetadata] = Math.Max(service.ConnectTimeout, 1).ToString(CultureInfo.InvariantCulture),
                [ProxyIds.RetriesMetadata] = Math.Max(service.Retries, 0).ToString(CultureInfo.InvariantCulture),
            },
        };
    }
}

/// <summary>A config that cannot be applied; <see cref="Errors"/> lists every reason.</summary>
internal sealed class ConfigRejectedException : Exception
{
    public ConfigRejectedException(IReadOnlyList<string> errors)
        : base(Summarize(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }

    private static string Summarize(IReadOnlyList<string> errors) => errors.Count switch
    {
        1 => errors[0],
        _ => $"{errors.Count} errors: " + string.Join("; ", errors.Take(20)) + (errors.Count > 20 ? "; …" : string.Empty),
    };
}
