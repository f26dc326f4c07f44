using System.Collections.Frozen;
using HybridGateway.DataPlane.Plugins.Custom;
using HybridGateway.Shared.Contracts;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins;

/// <summary>
/// The plugins this node carries, bundled and custom, by name (case-insensitive). Two bundled plugins with one name
/// stop start-up (a custom plugin clashing with another is skipped earlier, by <see cref="CustomPluginLoader"/>).
/// </summary>
internal sealed class PluginRegistry
{
    public PluginRegistry(IEnumerable<IGatewayPlugin> plugins)
        : this(plugins, CustomPluginSet.Empty)
    {
    }

    public PluginRegistry(IEnumerable<IGatewayPlugin> plugins, CustomPluginSet custom)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(custom);
        LoadErrors = custom.Errors;
        var byName = new Dictionary<string, IGatewayPlugin>(StringComparer.OrdinalIgnoreCase);
        foreach (var plugin in plugins.Concat(custom.Plugins))
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

    /// <summary>The custom plugin assemblies skipped at start-up, and why (<c>GET /status</c>'s <c>plugin_errors</c>).</summary>
    public IReadOnlyList<PluginLoadError> LoadErrors { get; }

    /// <summary>Names and versions, as the heartbeat reports them.</summary>
    public IReadOnlyList<PluginInfo> Infos { get; }
}
