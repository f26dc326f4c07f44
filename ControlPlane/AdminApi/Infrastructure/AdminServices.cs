using HybridGateway.ControlPlane.Hosting;
using HybridGateway.ControlPlane.Store;

namespace HybridGateway.ControlPlane.AdminApi.Infrastructure;

/// <summary>The parameter object of every Admin API entity handler (<c>[AsParameters]</c>, as eShop's <c>CatalogServices</c>).</summary>
internal sealed record AdminServices(HttpContext Context, EntityStore Store, EntityKinds Kinds, ControlPlaneSettings Settings, CancellationToken CancellationToken);
