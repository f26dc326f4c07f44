using HybridGateway.ControlPlane.AdminApi.Infrastructure;
using HybridGateway.Shared.Plugins.Custom;

namespace HybridGateway.ControlPlane.AdminApi.CustomPlugins;

/// <summary>
/// Admin API: <c>/custom-plugins[/{name}]</c>, custom plugin manifests with Kong's generic semantics. A manifest comes
/// as JSON, as form fields, or as files (<c>-F manifest=@manifest.json</c>, <c>-F schema=@schema.json</c>). A change
/// or delete that would break plugin instances is refused with 409 listing them.
/// </summary>
internal static class CustomPluginsApi
{
    public static IEndpointRouteBuilder MapCustomPluginsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup($"/{CustomPluginsSchema.AdminApiName}").WithTags("Custom plugins")
            .MapEntityEndpoints(kinds => kinds.CustomPlugins, "CustomPlugin", "CustomPlugins")
            .WithSummary("Delete a custom plugin no instance uses");
        return app;
    }
}
