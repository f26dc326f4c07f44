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
        app.MapGroup($"/{CaCertificatesSchema.AdminApiName}").WithTags("CA certificates")
            .MapEntityEndpoints(kinds => kinds.CaCertificates, "CaCertificate", "CaCertificates")
            .WithSummary("Delete a CA certificate no mtls-auth plugin names");
        return app;
    }
}
