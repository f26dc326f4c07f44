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
        var group = app.MapGroup($"/{CustomPluginsSchema.AdminApiName}").WithTags("Custom plugins");
        group.MapGet("", ([AsParameters] AdminServices s) => EntityEndpoints.ListAsync(s, s.Kinds.CustomPlugins))
            .WithName("ListCustomPlugins");
        group.MapPost("", ([AsParameters] AdminServices s) => EntityEndpoints.CreateAsync(s, s.Kinds.CustomPlugins))
            .WithName("CreateCustomPlugin").WithSummary("Upload a custom plugin's manifest and config schema");
        group.MapGet("/{name}", (string name, [AsParameters] AdminServices s) => EntityEndpoints.GetAsync(s, s.Kinds.CustomPlugins, name))
            .WithName("GetCustomPlugin");
        group.MapPut("/{name}", (string name, [AsParameters] AdminServices s) => EntityEndpoints.UpsertAsync(s, s.Kinds.CustomPlugins, name))
            .WithName("UpsertCustomPlugin");
        group.MapPatch("/{name}", (string name, [AsParameters] AdminServices s) => EntityEndpoints.UpdateAsync(s, s.Kinds.CustomPlugins, name))
            .WithName("UpdateCustomPlugin");
        group.MapDelete("/{name}", (string name, [AsParameters] AdminServices s) => EntityEndpoints.DeleteAsync(s, s.Kinds.CustomPlugins, name))
            .WithName("DeleteCustomPlugin").WithSummary("Delete a custom plugin no instance uses");
        return app;
    }
}
