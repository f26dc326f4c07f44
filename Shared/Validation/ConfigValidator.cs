using HybridGateway.Shared.Configuration;

namespace HybridGateway.Shared.Validation;

/// <summary>
/// Validates a whole <see cref="GatewayConfig"/>: every entity against its schema, every plugin config against
/// the plugin's schema, and every reference between entities. The control plane runs it before it stores and
/// publishes a version; data planes run it again before they apply one. All errors are collected.
/// </summary>
public static class ConfigValidator
{
    /// <summary>Returns every problem found, each naming the entity and field; empty when the config is valid.</summary>
    public static IReadOnlyList<string> Validate(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        var services = UniqueIds(config.Services, s => s.Id, "services", errors);
        var routes = UniqueIds(config.Routes, r => r.Id, "routes", errors);
        var consumers = UniqueIds(config.Consumers, c => c.Id, "consumers", errors);
        UniqueIds(config.Plugins, p => p.Id, "plugins", errors);

        foreach (var route in config.Routes)
        {
            if (route.Service is { } service && !services.Contains(service.Id))
            {
                errors.Add($"routes {route.Id}: service: the foreign key '{{id=\"{service.Id}\"}}' does not reference an existing 'services' entity.");
            }
        }

        foreach (var plugin in config.Plugins)
        {
            CheckReference(plugin.Service, services, "services", plugin, errors);
            CheckReference(plugin.Route, routes, "routes", plugin, errors);
            CheckReference(plugin.Consumer, consumers, "consumers", plugin, errors);
        }

        return errors;
    }

    private static HashSet<Guid> UniqueIds<T>(IReadOnlyList<T> entities, Func<T, Guid> id, string kind, List<string> errors)
    {
        var seen = new HashSet<Guid>();
        foreach (var entity in entities)
        {
            if (!seen.Add(id(entity)))
            {
                errors.Add($"{kind} {id(entity)}: duplicate id");
            }
        }

        return seen;
    }

    private static void CheckReference(EntityRef? reference, HashSet<Guid> known, string kind, PluginConfig plugin, List<string> errors)
    {
        if (reference is not null && !known.Contains(reference.Id))
        {
            errors.Add($"plugins {plugin.Id} ({plugin.Name}): {kind[..^1]}: the foreign key '{{id=\"{reference.Id}\"}}' does not reference an existing '{kind}' entity.");
        }
    }
}
