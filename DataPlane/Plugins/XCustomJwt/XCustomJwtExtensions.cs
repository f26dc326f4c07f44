using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HybridGateway.DataPlane.Plugins.XCustomJwt;

/// <summary>Registers the bundled <c>x-custom-jwt</c> plugin.</summary>
internal static class XCustomJwtExtensions
{
    public static IServiceCollection AddXCustomJwt(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGatewayPlugin, XCustomJwtHandler>());
        return services;
    }
}
