using HybridGateway.Shared.Plugins.Sdk;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HybridGateway.DataPlane.Plugins.RequestTermination;

/// <summary>Registers the bundled <c>request-termination</c> plugin.</summary>
internal static class RequestTerminationExtensions
{
    public static IServiceCollection AddRequestTermination(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGatewayPlugin, RequestTerminationHandler>());
        return services;
    }
}
