using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HybridGateway.DataPlane.Plugins.Cors;

/// <summary>Registers the bundled <c>cors</c> plugin (named apart from ASP.NET Core's AddCors).</summary>
internal static class CorsExtensions
{
    public static IServiceCollection AddCorsPlugin(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGatewayPlugin, CorsHandler>());
        return services;
    }
}
