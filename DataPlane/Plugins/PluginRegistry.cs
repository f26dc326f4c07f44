using HybridGateway.Shared.Plugins.Sdk;
using System.Collections.Frozen;
using HybridGateway.Shared.Contracts;

namespace HybridGateway.DataPlane.Plugins;

/// <summary>The plugins this node carries, by name (case-insensitive). Two plugins with one name stop start-up.</summary>
internal sealed class PluginRegistry
{
    public PluginRegistry(IEnumerable<IGatewayPlugin> plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        var byName = new Dictionary<string, IGatewayPlugin>(StringComparer.OrdinalIgnoreCase);
        foreach (var plugin in plugins)
        {
            if (!byName.TryAdd(plugin.Name, plugin))
            {
                throw new InvalidOperationException($"Two plugins are registered with the name '{plugin.Name}': {byName[plugin.Name].GetType()} and {plugin.GetType()}.");
            }
        }

        Plugins = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Infos = [.. Plugins.Values.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new PluginInfo(p.Name, p.Version))];
    }

    public FrozenDictionary<string, IGatewayPlugin> Plugins { get; }

    /// <summary>Names and versions, as the heartbeat reports them.</summary>
    public IReadOnlyList<PluginInfo> Infos { get; }
}
