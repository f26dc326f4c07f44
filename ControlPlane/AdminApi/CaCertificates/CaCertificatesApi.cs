using HybridGateway.ControlPlane.AdminApi.Infrastructure;
using HybridGateway.Shared.Certificates;

namespace HybridGateway.ControlPlane.AdminApi.CaCertificates;

/// <summary>
/// Admin API: <c>/ca_certificates[/{id}]</c> with Kong's generic semantics. A CA certificate an mtls-auth plugin
/// names cannot be deleted.
/// </summary>
internal static class CaCertificatesApi
{
    public static IEndpointRouteBuilder MapCaCertificatesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"/{CaCertificatesSchema.AdminApiName}").WithTags("CA certificates");
        group.MapGet("", ([AsParameters] AdminServices s) => EntityEndpoints.ListAsync(s, s.Kinds.CaCertificates))
            .WithName("ListCaCertificates");
        group.MapPost("", ([AsParameters] AdminServices s) => EntityEndpoints.CreateAsync(s, s.Kinds.CaCertificates))
            .WithName("CreateCaCertificate");
        group.MapGet("/{id}", (string id, [AsParameters] AdminServices s) => EntityEndpoints.GetAsync(s, s.Kinds.CaCertificates, id))
            .WithName("GetCaCertificate");
        group.MapPut("/{id}", (string id, [AsParameters] AdminServices s) => EntityEndpoints.UpsertAsync(s, s.Kinds.CaCertificates, id))
            .WithName("UpsertCaCertificate");
        group.MapPatch("/{id}", (string id, [AsParameters] AdminServices s) => EntityEndpoints.UpdateAsync(s, s.Kinds.CaCertificates, id))
            .WithName("UpdateCaCertificate");
        group.MapDelete("/{id}", (string id, [AsParameters] AdminServices s) => EntityEndpoints.DeleteAsync(s, s.Kinds.CaCertificates, id))
            .WithName("DeleteCaCertificate").WithSummary("Delete a CA certificate no mtls-auth plugin names");
        return app;
    }
}
