using HybridGateway.ControlPlane.AdminApi.Infrastructure;

namespace HybridGateway.ControlPlane.AdminApi.Services;

/// <summary>Admin API: <c>/services</c> and <c>/services/{id|name}</c>.</summary>
internal static class ServicesApi
{
    public static IEndpointRouteBuilder MapServicesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/services").WithTags("Services");
        group.MapGet("", ([AsParameters] AdminServices s) => EntityEndpoints.ListAsync(s, s.Kinds.Services))
            .WithName("ListServices").WithSummary("List services");
        group.MapPost("", ([AsParameters] AdminServices s) => EntityEndpoints.CreateAsync(s, s.Kinds.Services))
            .WithName("CreateService").WithSummary("Create a service");
        group.MapGet("/{service}", (string service, [AsParameters] AdminServices s) => EntityEndpoints.GetAsync(s, s.Kinds.Services, service))
            .WithName("GetService").WithSummary("Get a service by id or name");
        group.MapPut("/{service}", (string service, [AsParameters] AdminServices s) => EntityEndpoints.UpsertAsync(s, s.Kinds.Services, service))
            .WithName("UpsertService").WithSummary("Create or replace a service");
        group.MapPatch("/{service}", (string service, [AsParameters] AdminServices s) => EntityEndpoints.UpdateAsync(s, s.Kinds.Services, service))
            .WithName("UpdateService").WithSummary("Update a service");
        group.MapDelete("/{service}", (string service, [AsParameters] AdminServices s) => EntityEndpoints.DeleteAsync(s, s.Kinds.Services, service))
            .WithName("DeleteService").WithSummary("Delete a service");
        return app;
    }
}
