using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.AdminApi.Infrastructure;
using HybridGateway.ControlPlane.Store;
using Microsoft.AspNetCore.Mvc;

namespace HybridGateway.ControlPlane.AdminApi.Plugins;

/// <summary>
/// Admin API: <c>/plugins</c>, <c>/plugins/enabled</c>, <c>/plugins/{id|instance_name}</c>, and plugins nested under
/// a service, a route or a consumer (<c>/services/{s}/plugins[/{p}]</c>, …), which scope the plugin to that parent.
/// </summary>
internal static class PluginsApi
{
    public static IEndpointRouteBuilder MapPluginsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/plugins").WithTags("Plugins");
        group.MapGet("/enabled", (EntityKinds kinds) => AdminResults.Entity(new JsonObject
        {
            ["enabled_plugins"] = new JsonArray([.. kinds.Catalog.All.Select(p => p.Name).Order(StringComparer.Ordinal).Select(n => (JsonNode?)JsonValue.Create(n))]),
        })).WithName("ListEnabledPlugins").WithSummary("Plugins this control plane accepts");
        MapCollection(group, parent: null, "");

        MapNested(app, "services", "service", nameof(PluginRow.ServiceId), k => k.Services);
        MapNested(app, "routes", "route", nameof(PluginRow.RouteId), k => k.Routes);
        MapNested(app, "consumers", "consumer", nameof(PluginRow.ConsumerId), k => k.Consumers);
        return app;
    }

    private static void MapNested(IEndpointRouteBuilder app, string parentPath, string field, string column, Func<EntityKinds, EntityKind> parentKind)
    {
        var group = app.MapGroup($"/{parentPath}/{{parent}}/plugins").WithTags("Plugins");
        MapCollection(group, (s, parent) => new EntityEndpoints.Parent(parentKind(s.Kinds), parent, field, column), field);
    }

    private static void MapCollection(RouteGroupBuilder group, Func<AdminServices, string, EntityEndpoints.Parent>? parent, string scope)
    {
        var suffix = scope.Length == 0 ? "" : $"For{char.ToUpperInvariant(scope[0])}{scope[1..]}";
        if (parent is null)
        {
            group.MapGet("", ([AsParameters] AdminServices s) => EntityEndpoints.ListAsync(s, s.Kinds.Plugins)).WithName("ListPlugins");
            group.MapPost("", ([AsParameters] AdminServices s) => EntityEndpoints.CreateAsync(s, s.Kinds.Plugins)).WithName("CreatePlugin");
            group.MapGet("/{plugin}", (string plugin, [AsParameters] AdminServices s) => EntityEndpoints.GetAsync(s, s.Kinds.Plugins, plugin)).WithName("GetPlugin");
            group.MapPut("/{plugin}", (string plugin, [AsParameters] AdminServices s) => EntityEndpoints.UpsertAsync(s, s.Kinds.Plugins, plugin)).WithName("UpsertPlugin");
            group.MapPatch("/{plugin}", (string plugin, [AsParameters] AdminServices s) => EntityEndpoints.UpdateAsync(s, s.Kinds.Plugins, plugin)).WithName("UpdatePlugin");
            group.MapDelete("/{plugin}", (string plugin, [AsParameters] AdminServices s) => EntityEndpoints.DeleteAsync(s, s.Kinds.Plugins, plugin)).WithName("DeletePlugin");
            return;
        }

        group.MapGet("", ([FromRoute(Name = "parent")] string parentKey, [AsParameters] AdminServices s) => EntityEndpoints.ListAsync(s, s.Kinds.Plugins, parent(s, parentKey))).WithName("ListPlugins" + suffix);
        group.MapPost("", ([FromRoute(Name = "parent")] string parentKey, [AsParameters] AdminServices s) => EntityEndpoints.CreateAsync(s, s.Kinds.Plugins, parent(s, parentKey))).WithName("CreatePlugin" + suffix);
        group.MapGet("/{plugin}", ([FromRoute(Name = "parent")] string parentKey, string plugin, [AsParameters] AdminServices s) => EntityEndpoints.GetAsync(s, s.Kinds.Plugins, plugin, parent(s, parentKey))).WithName("GetPlugin" + suffix);
        group.MapPut("/{plugin}", ([FromRoute(Name = "parent")] string parentKey, string plugin, [AsParameters] AdminServices s) => EntityEndpoints.UpsertAsync(s, s.Kinds.Plugins, plugin, parent(s, parentKey))).WithName("UpsertPlugin" + suffix);
        group.MapPatch("/{plugin}", ([FromRoute(Name = "parent")] string parentKey, string plugin, [AsParameters] AdminServices s) => EntityEndpoints.UpdateAsync(s, s.Kinds.Plugins, plugin, parent(s, parentKey))).WithName("UpdatePlugin" + suffix);
        group.MapDelete("/{plugin}", ([FromRoute(Name = "parent")] string parentKey, string plugin, [AsParameters] AdminServices s) => EntityEndpoints.DeleteAsync(s, s.Kinds.Plugins, plugin, parent(s, parentKey))).WithName("DeletePlugin" + suffix);
    }
}
