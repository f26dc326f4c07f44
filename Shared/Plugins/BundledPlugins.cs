using HybridGateway.Shared.Plugins.Jwt;
using HybridGateway.Shared.Plugins.RequestTermination;

namespace HybridGateway.Shared.Plugins;

/// <summary>The plugins every HybridGateway node carries.</summary>
public static class BundledPlugins
{
    public static IPluginCatalog Catalog { get; } = new PluginCatalog(
    [
        JwtSchema.Definition,
        RequestTerminationSchema.Definition,
    ]);
}
