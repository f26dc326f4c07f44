using HybridGateway.DataPlane.Hosting;
using HybridGateway.DataPlane.Plugins.BasicAuth;
using HybridGateway.DataPlane.Plugins.Cors;
using HybridGateway.DataPlane.Plugins.Custom;
using HybridGateway.DataPlane.Plugins.Jwks;
using HybridGateway.DataPlane.Plugins.Jwt;
using HybridGateway.DataPlane.Plugins.KeyAuth;
using HybridGateway.DataPlane.Plugins.MtlsAuth;
using HybridGateway.DataPlane.Plugins.RequestTermination;
using HybridGateway.DataPlane.Plugins.UpstreamJwt;
using HybridGateway.DataPlane.Plugins.XCustomJwt;
using HybridGateway.Shared.Plugins.Sdk;

namespace HybridGateway.DataPlane.Plugins;

/// <summary>Registers the plugin infrastructure and every bundled plugin.</summary>
internal static class PluginServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayPlugins(this IServiceCollection services)
    {
        services.AddSingleton(sp => new PluginRegistry(sp.GetServices<IGatewayPlugin>(), sp.GetRequiredService<CustomPluginSet>()));
        services.AddSingleton(sp => CustomPluginLoader.Load(
            sp.GetRequiredService<DataPlaneSettings>().PluginsDir,
            [.. sp.GetServices<IGatewayPlugin>().Select(p => p.Name)],
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CustomPluginLoader).FullName!)));
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
