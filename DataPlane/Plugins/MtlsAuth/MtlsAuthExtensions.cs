using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HybridGateway.DataPlane.Plugins.MtlsAuth;

/// <summary>Registers the bundled <c>mtls-auth</c> plugin.</summary>
internal static class MtlsAuthExtensions
{
    public static IServiceCollection AddMtlsAuth(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGatewayPlugin, MtlsAuthHandler>());
        return services;
    }
}
