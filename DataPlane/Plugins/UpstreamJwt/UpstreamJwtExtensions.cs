using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HybridGateway.DataPlane.Plugins.UpstreamJwt;

/// <summary>Registers the bundled <c>upstream-jwt</c> plugin.</summary>
internal static class UpstreamJwtExtensions
{
    public static IServiceCollection AddUpstreamJwt(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGatewayPlugin, UpstreamJwtHandler>());
        return services;
    }
}
