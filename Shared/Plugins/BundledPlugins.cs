using HybridGateway.Shared.Plugins.BasicAuth;
using HybridGateway.Shared.Plugins.Cors;
using HybridGateway.Shared.Plugins.Jwks;
using HybridGateway.Shared.Plugins.Jwt;
using HybridGateway.Shared.Plugins.KeyAuth;
using HybridGateway.Shared.Plugins.MtlsAuth;
using HybridGateway.Shared.Plugins.RequestTermination;
using HybridGateway.Shared.Plugins.UpstreamJwt;
using HybridGateway.Shared.Plugins.XCustomJwt;

namespace HybridGateway.Shared.Plugins;

/// <summary>
/// The plugins every HybridGateway node carries. A plugin joins this catalog together with its data-plane handler:
/// the control plane must never accept config that data planes cannot apply.
/// </summary>
public static class BundledPlugins
{
    public static IPluginCatalog Catalog { get; } = new PluginCatalog(
    [
        RequestTerminationSchema.Definition,
        CorsSchema.Definition,
        KeyAuthSchema.Definition,
        MtlsAuthSchema.Definition,
        BasicAuthSchema.Definition,
        JwtSchema.Definition,
        UpstreamJwtSchema.Definition,
        XCustomJwtSchema.Definition,
        JwksSchema.Definition,
    ]);
}
