using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HybridGateway.DataPlane.Plugins.Jwt;

/// <summary>Registers the bundled <c>jwt</c> plugin.</summary>
internal static class JwtExtensions
{
    public static IServiceCollection AddJwt(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGatewayPlugin, JwtHandler>());
        return services;
    }
}
