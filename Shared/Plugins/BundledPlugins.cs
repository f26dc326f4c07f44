using HybridGateway.Shared.Plugins.KeyAuth;
using HybridGateway.Shared.Plugins.RequestTermination;

namespace HybridGateway.Shared.Plugins;

/// <summary>
/// The plugins every HybridGateway node carries. A plugin joins this catalog together with its data-plane handler:
/// the control plane must never accept config that data planes cannot apply (<c>jwt</c>'s schema is ready in
/// <see cref="Jwt.JwtSchema"/>, its handler is not yet).
/// </summary>
public static class BundledPlugins
{
    public static IPluginCatalog Catalog { get; } = new PluginCatalog(
    [
        RequestTerminationSchema.Definition,
        KeyAuthSchema.Definition,
    ]);
}
