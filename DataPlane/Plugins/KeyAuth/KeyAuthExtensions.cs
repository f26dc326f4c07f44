using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HybridGateway.DataPlane.Plugins.KeyAuth;

/// <summary>Registers the bundled <c>key-auth</c> plugin.</summary>
internal static class KeyAuthExtensions
{
    public static IServiceCollection AddKeyAuth(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGatewayPlugin, KeyAuthHandler>());
        return services;
    }
}
