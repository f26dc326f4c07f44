using HybridGateway.Shared.Plugins.KeyAuth;
using HybridGateway.Shared.Plugins.RequestTermination;

namespace HybridGateway.Shared.Plugins;

/// <summary>The plugins every HybridGateway node carries.</summary>
public static class BundledPlugins
{
    public static IPluginCatalog Catalog { get; } = new PluginCatalog(
    [
        RequestTerminationSchema.Definition,
        KeyAuthSchema.Definition,
    ]);
}
