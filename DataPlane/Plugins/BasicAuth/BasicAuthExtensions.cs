using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HybridGateway.DataPlane.Plugins.BasicAuth;

/// <summary>Registers the bundled <c>basic-auth</c> plugin.</summary>
internal static class BasicAuthExtensions
{
    public static IServiceCollection AddBasicAuth(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGatewayPlugin, BasicAuthHandler>());
        return services;
    }
}
