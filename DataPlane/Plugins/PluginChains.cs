using System.Collections.Frozen;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins;

/// <summary>A configured plugin with its parsed options.</summary>
internal sealed record PluginInstance(IGatewayPlugin Plugin, object Options, PluginConfig Config, FrozenSet<string> Protocols);

/// <summary>
/// The plugins that run on one route, precomputed at apply time: the chain without a consumer, and one chain per
/// consumer that has consumer-scoped plugins touching this route. Each chain is ordered by priority, highest first.
/// </summary>
internal sealed record RoutePlugins(PluginInstance[] Default, FrozenDictionary<Guid, PluginInstance[]> ByConsumer)
{
    public static RoutePlugins None { get; } = new([], FrozenDictionary<Guid, PluginInstance[]>.Empty);
}

/// <summary>Resolves which plugin instances apply to each route, as Kong does.</summary>
internal static class PluginChains
{
    /// <summary>
    /// Kong's precedence for one plugin name, most specific first:
    /// route+service+consumer, route+consumer, service+consumer, route+service, consumer, route, service, global.
    /// </summary>
    private static int Specificity(PluginConfig p) => (p.Route is not null, p.Service is not null, p.Consumer is not null) switch
    {
        (true, true, true) => 8,
        (true, false, true) => 7,
        (false, true, true) => 6,
        (true, true, false) => 5,
        (false, false, true) => 4,
        (true, false, false) => 3,
        (false, true, false) => 2,
        _ => 1,
    };

    /// <summary>Parses every plugin's config and builds the chains; every problem is added to <paramref name="errors"/>.</summary>
    public static FrozenDictionary<Guid, RoutePlugins> Build(GatewayConfig config, PluginRegistry registry, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(errors);

        // Duplicate names are reported by ConfigValidator; the first one is enough to check versions here.
        var manifests = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var manifest in config.CustomPlugins)
        {
            manifests.TryAdd(manifest.Name, manifest.Version);
        }

        var instances = new List<PluginInstance>();
        foreach (var plugin in config.Plugins)
        {
            var implementation = registry.Plugins.GetValueOrDefault(plugin.Name);
            var requirement = new PluginRequirement(plugin.Name, manifests.GetValueOrDefault(plugin.Name));
            var problem = PluginRequirements.Problem(requirement, implementation?.Version);
            if (implementation is null || problem is not null)
            {
                errors.Add($"plugins {plugin.Id}: {problem}");
                continue;
            }

            var pluginErrors = new List<string>();
            var options = implementation.ParseConfig(plugin.Config, pluginErrors);
            if (options is null || pluginErrors.Count > 0)
            {
                if (pluginErrors.Count == 0)
                {
                    pluginErrors.Add("config: invalid");
                }

                foreach (var error in pluginErrors)
                {
                    errors.Add($"plugins {plugin.Id} ({plugin.Name}): {error}");
                }

                continue;
            }

            if (plugin.Enabled)
            {
                var protocols = (plugin.Protocols ?? []).Select(p => p.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);
                instances.Add(new PluginInstance(implementation, options, plugin, protocols));
            }
        }

        var consumerIds = instances.Where(i => i.Config.Consumer is not null).Select(i => i.Config.Consumer!.Id).Distinct().ToArray();
        var chains = new Dictionary<Guid, RoutePlugins>();
        foreach (var route in config.Routes)
        {
            var serviceId = route.Service?.Id;
            var defaultChain = Resolve(instances, route.Id, serviceId, consumerId: null);
            var byConsumer = new Dictionary<Guid, PluginInstance[]>();
            foreach (var consumerId in consumerIds)
            {
                var applies = instances.Any(i => i.Config.Consumer?.Id == consumerId && AppliesTo(i.Config, route.Id, serviceId, consumerId));
                if (applies)
                {
                    byConsumer[consumerId] = Resolve(instances, route.Id, serviceId, consumerId);
                }
            }

            chains[route.Id] = defaultChain.Length == 0 && byConsumer.Count == 0
                ? RoutePlugins.None
                : new RoutePlugins(defaultChain, byConsumer.ToFrozenDictionary());
        }

        return chains.ToFrozenDictionary();
    }

    private static bool AppliesTo(PluginConfig p, Guid routeId, Guid? serviceId, Guid? consumerId) =>
        (p.Route is null || p.Route.Id == routeId)
        && (p.Service is null || p.Service.Id == serviceId)
        && (p.Consumer is null || p.Consumer.Id == consumerId);

    private static PluginInstance[] Resolve(List<PluginInstance> instances, Guid routeId, Guid? serviceId, Guid? consumerId) =>
    [
        .. instances
            .Where(i => AppliesTo(i.Config, routeId, serviceId, consumerId))
            .GroupBy(i => i.Plugin.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderByDescending(i => Specificity(i.Config)).First())
            .OrderByDescending(i => i.Plugin.Priority)
            .ThenBy(i => i.Plugin.Name, StringComparer.Ordinal),
    ];
}
