using System.Diagnostics.CodeAnalysis;

namespace HybridGateway.Shared.Plugins;

/// <summary>The plugins a control plane (or data plane) accepts in configuration, by name.</summary>
public interface IPluginCatalog
{
    IEnumerable<PluginDefinition> All { get; }

    bool TryGet(string name, [NotNullWhen(true)] out PluginDefinition? definition);
}
