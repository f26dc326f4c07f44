using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.AdminApi.Infrastructure;
using HybridGateway.ControlPlane.Store;
using HybridGateway.Shared.Keys;

namespace HybridGateway.ControlPlane.AdminApi.Keys;

/// <summary>
/// Admin API: <c>/key-sets[/{id|name}]</c>, <c>/key-sets/{s}/keys[/{id|name}]</c>, <c>/keys[/{id|name}]</c> and
/// <c>/keys/{k}/set</c>, with Kong's generic semantics. Answers never carry private key material (the store
/// withholds it).
/// </summary>
internal static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        const string Sets = KeysSchema.KeySetsAdminApiName;
        app.MapGroup($"/{Sets}").WithTags("Keys")
            .MapEntityEndpoints(kinds => kinds.KeySets, "KeySet", "KeySets")
            .WithSummary("Delete a key set and its keys");

        var keys = app.MapGroup($"/{KeysSchema.KeysAdminApiName}").WithTags("Keys");
        keys.MapEntityEndpoints(kinds => kinds.Keys, "Key", "Keys");
        keys.MapGet("/{key}/set", KeySetOfAsync)
            .WithName("GetKeySetOfKey").WithSummary("The key set a key belongs to");

        var nested = app.MapGroup($"/{Sets}/{{set}}/{KeysSchema.KeysAdminApiName}").WithTags("Keys");
        nested.MapGet("", (string set, [AsParameters] AdminServices s) => EntityEndpoints.ListAsync(s, s.Kinds.Keys, Parent(s, set)))
            .WithName("ListKeySetKeys");
        nested.MapPost("", (string set, [AsParameters] AdminServices s) => EntityEndpoints.CreateAsync(s, s.Kinds.Keys, Parent(s, set)))
            .WithName("CreateKeySetKey");
        nested.MapGet("/{key}", (string set, string key, [AsParameters] AdminServices s) => EntityEndpoints.GetAsync(s, s.Kinds.Keys, key, Parent(s, set)))
            .WithName("GetKeySetKey");
        nested.MapPut("/{key}", (string set, string key, [AsParameters] AdminServices s) => EntityEndpoints.UpsertAsync(s, s.Kinds.Keys, key, Parent(s, set)))
            .WithName("UpsertKeySetKey");
        nested.MapPatch("/{key}", (string set, string key, [AsParameters] AdminServices s) => EntityEndpoints.UpdateAsync(s, s.Kinds.Keys, key, Parent(s, set)))
            .WithName("UpdateKeySetKey");
        nested.MapDelete("/{key}", (string set, string key, [AsParameters] AdminServices s) => EntityEndpoints.DeleteAsync(s, s.Kinds.Keys, key, Parent(s, set)))
            .WithName("DeleteKeySetKey");
        return app;
    }

    private static async Task<IResult> KeySetOfAsync(string key, [AsParameters] AdminServices s)
    {
        var entity = await s.Store.GetAsync(s.Kinds.Keys, key, null, s.CancellationToken);
        return entity?["set"]?["id"] is JsonValue id
            ? await EntityEndpoints.GetAsync(s, s.Kinds.KeySets, id.ToString())
            : AdminResults.NotFound();
    }

    private static EntityEndpoints.Parent Parent(AdminServices s, string set) =>
        new(s.Kinds.KeySets, set, "set", nameof(KeyRow.SetId));
}
