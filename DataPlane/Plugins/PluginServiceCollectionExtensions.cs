using HybridGateway.DataPlane.Plugins.BasicAuth;
using HybridGateway.DataPlane.Plugins.Cors;
using HybridGateway.DataPlane.Plugins.Jwks;
using HybridGateway.DataPlane.Plugins.Jwt;
using HybridGateway.DataPlane.Plugins.KeyAuth;
using HybridGateway.DataPlane.Plugins.MtlsAuth;
using HybridGateway.DataPlane.Plugins.RequestTermination;
using HybridGateway.DataPlane.Plugins.UpstreamJwt;
using HybridGateway.DataPlane.Plugins.XCustomJwt;

namespace HybridGateway.DataPlane.Plugins;

/// <summary>Registers the plugin infrastructure and every bundled plugin.</summary>
internal static class PluginServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayPlugins(this IServiceCollection services)
    {
        services.AddSingleton<PluginRegistry>();
        services.AddSingleton<PluginRunner>();
        services.AddRequestTermination();
        services.AddCorsPlugin();
        services.AddKeyAuth();
        services.AddMtlsAuth();
        services.AddBasicAuth();
        services.AddJwt();
        services.AddUpstreamJwt();
        services.AddXCustomJwt();
        services.AddJwks();
        return services;
    }
}
