using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.AdminApi.Infrastructure;
using HybridGateway.ControlPlane.Store;

namespace HybridGateway.ControlPlane.AdminApi.Routes;

/// <summary>Admin API: <c>/routes</c>, <c>/routes/{id|name}</c>, <c>/routes/{r}/service</c> and the nested <c>/services/{s}/routes[/{r}]</c>.</summary>
internal static class RoutesApi
{
    public static IEndpointRouteBuilder MapRoutesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/routes").WithTags("Routes");
        group.MapGet("", ([AsParameters] AdminServices s) => EntityEndpoints.ListAsync(s, s.Kinds.Routes))
            .WithName("ListRoutes").WithSummary("List routes");
        group.MapPost("", ([AsParameters] AdminServices s) => EntityEndpoints.CreateAsync(s, s.Kinds.Routes))
            .WithName("CreateRoute").WithSummary("Create a route");
        group.MapGet("/{route}", (string route, [AsParameters] AdminServices s) => EntityEndpoints.GetAsync(s, s.Kinds.Routes, route))
            .WithName("GetRoute");
        group.MapPut("/{route}", (string route, [AsParameters] AdminServices s) => EntityEndpoints.UpsertAsync(s, s.Kinds.Routes, route))
            .WithName("UpsertRoute");
        group.MapPatch("/{route}", (string route, [AsParameters] AdminServices s) => EntityEndpoints.UpdateAsync(s, s.Kinds.Routes, route))
            .WithName("UpdateRoute");
        group.MapDelete("/{route}", (string route, [AsParameters] AdminServices s) => EntityEndpoints.DeleteAsync(s, s.Kinds.Routes, route))
            .WithName("DeleteRoute");

        group.MapGet("/{route}/service", RouteServiceAsync)
            .WithName("GetRouteService").WithSummary("The service a route belongs to");

        var nested = app.MapGroup("/services/{service}/routes").WithTags("Routes");
        nested.MapGet("", (string service, [AsParameters] AdminServices s) => EntityEndpoints.ListAsync(s, s.Kinds.Routes, Parent(s, service)))
            .WithName("ListServiceRoutes");
        nested.MapPost("", (string service, [AsParameters] AdminServices s) => EntityEndpoints.CreateAsync(s, s.Kinds.Routes, Parent(s, service)))
            .WithName("CreateServiceRoute");
        nested.MapGet("/{route}", (string service, string route, [AsParameters] AdminServices s) => EntityEndpoints.GetAsync(s, s.Kinds.Routes, route, Parent(s, service)))
            .WithName("GetServiceRoute");
        nested.MapPut("/{route}", (string service, string route, [AsParameters] AdminServices s) => EntityEndpoints.UpsertAsync(s, s.Kinds.Routes, route, Parent(s, service)))
            .WithName("UpsertServiceRoute");
        nested.MapPatch("/{route}", (string service, string route, [AsParameters] AdminServices s) => EntityEndpoints.UpdateAsync(s, s.Kinds.Routes, route, Parent(s, service)))
            .WithName("UpdateServiceRoute");
        nested.MapDelete("/{route}", (string service, string route, [AsParameters] AdminServices s) => EntityEndpoints.DeleteAsync(s, s.Kinds.Routes, route, Parent(s, service)))
            .WithName("DeleteServiceRoute");
        return app;
    }

    private static async Task<IResult> RouteServiceAsync(string route, [AsParameters] AdminServices s)
    {
        var entity = await s.Store.GetAsync(s.Kinds.Routes, route, null, s.CancellationToken);
        return entity?["service"]?["id"] is JsonValue id
            ? await EntityEndpoints.GetAsync(s, s.Kinds.Services, id.ToString())
            : AdminResults.NotFound();
    }

    private static EntityEndpoints.Parent Parent(AdminServices s, string service) =>
        new(s.Kinds.Services, service, "service", nameof(RouteRow.ServiceId));
}
