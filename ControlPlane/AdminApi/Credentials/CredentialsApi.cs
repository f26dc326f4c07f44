using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.AdminApi.Infrastructure;
using HybridGateway.ControlPlane.Store;

namespace HybridGateway.ControlPlane.AdminApi.Credentials;

/// <summary>
/// Admin API for a consumer credential entity, with Kong's generated endpoints: nested
/// <c>/consumers/{c}/{nested}[/{id|key}]</c> (the consumer comes from the path), top-level
/// <c>/{collection}[/{id|key}]</c> (the body names the consumer) and <c>/{collection}/{id|key}/consumer</c>.
/// One mapping serves every credential kind (key-auth now; jwt and basic-auth reuse it).
/// </summary>
internal static class CredentialsApi
{
    /// <param name="app">The Admin API.</param>
    /// <param name="nested">The path under a consumer, e.g. <c>key-auth</c>.</param>
    /// <param name="collection">The top-level path, e.g. <c>key-auths</c>.</param>
    /// <param name="kindOf">Picks the entity kind from the registered kinds.</param>
    /// <param name="consumerColumn">The credential row's consumer id column.</param>
    public static IEndpointRouteBuilder MapCredentialsApi(this IEndpointRouteBuilder app, string nested, string collection, Func<EntityKinds, EntityKind> kindOf, string consumerColumn)
    {
        var top = app.MapGroup($"/{collection}").WithTags("Credentials");
        top.MapGet("", ([AsParameters] AdminServices s) => EntityEndpoints.ListAsync(s, kindOf(s.Kinds)))
            .WithName($"List-{collection}");
        top.MapPost("", ([AsParameters] AdminServices s) => EntityEndpoints.CreateAsync(s, kindOf(s.Kinds)))
            .WithName($"Create-{collection}");
        top.MapGet("/{credential}", (string credential, [AsParameters] AdminServices s) => EntityEndpoints.GetAsync(s, kindOf(s.Kinds), credential))
            .WithName($"Get-{collection}");
        top.MapPut("/{credential}", (string credential, [AsParameters] AdminServices s) => EntityEndpoints.UpsertAsync(s, kindOf(s.Kinds), credential))
            .WithName($"Upsert-{collection}");
        top.MapPatch("/{credential}", (string credential, [AsParameters] AdminServices s) => EntityEndpoints.UpdateAsync(s, kindOf(s.Kinds), credential))
            .WithName($"Update-{collection}");
        top.MapDelete("/{credential}", (string credential, [AsParameters] AdminServices s) => EntityEndpoints.DeleteAsync(s, kindOf(s.Kinds), credential))
            .WithName($"Delete-{collection}");
        top.MapGet("/{credential}/consumer", async (string credential, [AsParameters] AdminServices s) =>
            {
                var entity = await s.Store.GetAsync(kindOf(s.Kinds), credential, null, s.CancellationToken);
                return entity?["consumer"]?["id"] is JsonValue id
                    ? await EntityEndpoints.GetAsync(s, s.Kinds.Consumers, id.ToString())
                    : AdminResults.NotFound();
            })
            .WithName($"Get-{collection}-consumer");

        EntityEndpoints.Parent Parent(AdminServices s, string consumer) => new(s.Kinds.Consumers, consumer, "consumer", consumerColumn);
        var under = app.MapGroup($"/consumers/{{consumer}}/{nested}").WithTags("Credentials");
        under.MapGet("", (string consumer, [AsParameters] AdminServices s) => EntityEndpoints.ListAsync(s, kindOf(s.Kinds), Parent(s, consumer)))
            .WithName($"List-consumer-{nested}");
        under.MapPost("", (string consumer, [AsParameters] AdminServices s) => EntityEndpoints.CreateAsync(s, kindOf(s.Kinds), Parent(s, consumer)))
            .WithName($"Create-consumer-{nested}");
        under.MapGet("/{credential}", (string consumer, string credential, [AsParameters] AdminServices s) => EntityEndpoints.GetAsync(s, kindOf(s.Kinds), credential, Parent(s, consumer)))
            .WithName($"Get-consumer-{nested}");
        under.MapPut("/{credential}", (string consumer, string credential, [AsParameters] AdminServices s) => EntityEndpoints.UpsertAsync(s, kindOf(s.Kinds), credential, Parent(s, consumer)))
            .WithName($"Upsert-consumer-{nested}");
        under.MapPatch("/{credential}", (string consumer, string credential, [AsParameters] AdminServices s) => EntityEndpoints.UpdateAsync(s, kindOf(s.Kinds), credential, Parent(s, consumer)))
            .WithName($"Update-consumer-{nested}");
        under.MapDelete("/{credential}", (string consumer, string credential, [AsParameters] AdminServices s) => EntityEndpoints.DeleteAsync(s, kindOf(s.Kinds), credential, Parent(s, consumer)))
            .WithName($"Delete-consumer-{nested}");
        return app;
    }
}
