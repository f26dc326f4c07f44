using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HybridGateway.DataPlane.Plugins.Jwks;

/// <summary>Registers the bundled <c>jwks</c> plugin.</summary>
internal static class JwksExtensions
{
    public static IServiceCollection AddJwks(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGatewayPlugin, JwksHandler>());
        return services;
    }
}
