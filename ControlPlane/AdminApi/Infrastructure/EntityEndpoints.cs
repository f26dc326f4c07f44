using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.Store;

namespace HybridGateway.ControlPlane.AdminApi.Infrastructure;

/// <summary>
/// The handlers Kong generates for every entity (<c>kong/api/endpoints.lua</c>), shared by the per-resource
/// <c>*Api</c> classes: list, create, read, upsert, update, delete, top-level or nested under a parent.
/// </summary>
internal static class EntityEndpoints
{
    /// <summary>A nested endpoint's parent: the parent kind and path segment, and the child's field pointing at it.</summary>
    internal sealed record Parent(EntityKind Kind, string IdOrKey, string Field, string Column);

    /// <summary>
    /// Maps Kong's six top-level endpoints of an entity on <paramref name="group"/> (<c>""</c> and <c>/{idOrKey}</c>),
    /// named <c>List{plural}</c>, <c>Create{singular}</c>, <c>Get…</c>, <c>Upsert…</c>, <c>Update…</c>,
    /// <c>Delete{singular}</c>. Returns the delete endpoint, whose rules differ most between entities, to describe it.
    /// </summary>
    public static RouteHandlerBuilder MapEntityEndpoints(this RouteGroupBuilder group, Func<EntityKinds, EntityKind> kindOf, string singular, string plural)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(kindOf);
        group.MapGet("", ([AsParameters] AdminServices s) => ListAsync(s, kindOf(s.Kinds))).WithName($"List{plural}");
        group.MapPost("", ([AsParameters] AdminServices s) => CreateAsync(s, kindOf(s.Kinds))).WithName($"Create{singular}");
        group.MapGet("/{idOrKey}", (string idOrKey, [AsParameters] AdminServices s) => GetAsync(s, kindOf(s.Kinds), idOrKey)).WithName($"Get{singular}");
        group.MapPut("/{idOrKey}", (string idOrKey, [AsParameters] AdminServices s) => UpsertAsync(s, kindOf(s.Kinds), idOrKey)).WithName($"Upsert{singular}");
        group.MapPatch("/{idOrKey}", (string idOrKey, [AsParameters] AdminServices s) => UpdateAsync(s, kindOf(s.Kinds), idOrKey)).WithName($"Update{singular}");
        return group.MapDelete("/{idOrKey}", (string idOrKey, [AsParameters] AdminServices s) => DeleteAsync(s, kindOf(s.Kinds), idOrKey)).WithName($"Delete{singular}");
    }

    public static async Task<IResult> ListAsync(AdminServices s, EntityKind kind, Parent? parent = null, string? filterField = null, string? filterColumn = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        var (scope, missing) = await ResolveAsync(s, parent);
        if (missing is not null)
        {
            return missing;
        }

        var (paging, error) = PagingParameters.Parse(s.Context.Request.Query);
        if (error is not null)
        {
            return AdminResults.Error(error);
        }

        string? filterValue = null;
        if (filterField is not null && s.Context.Request.Query.TryGetValue(filterField, out var values))
        {
            filterValue = values.ToString();
            if (filterValue.Length == 0)
            {
                return AdminResults.Message(StatusCodes.Status400BadRequest, $"{filterField} must be an unempty string");
            }
        }

        var query = new PageQuery(
            paging!.AfterId,
            paging.Size,
            paging.Tags,
            paging.TagsAny,
            scope?.Column,
            scope?.Id,
            filterValue is null ? null : filterColumn,
            filterValue);
        var page = await s.Store.ListAsync(kind, query, s.CancellationToken);
        var body = new JsonObject { ["data"] = new JsonArray([.. page.Data]) };
        if (page.NextAfter is not null)
        {
            var path = s.Context.Request.PathBase + (s.Context.Request.Path.Value ?? "").TrimEnd('/');
            body["offset"] = PagingParameters.EncodeOffset(page.NextAfter);
            body["next"] = paging.NextLink(path, page.NextAfter, nested: parent is not null);
        }
        else
        {
            body["next"] = null;
        }

        return AdminResults.Entity(body);
    }

    public static async Task<IResult> CreateAsync(AdminServices s, EntityKind kind, Parent? parent = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        var (scope, missing) = await ResolveAsync(s, parent);
        if (missing is not null)
        {
            return missing;
        }

        var body = await BodyReader.ReadAsync(s.Context.Request, kind.CoerceForm, s.Settings.AdminMaxBodyBytes, s.CancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await s.Store.CreateAsync(kind, body.Body!, scope, s.CancellationToken);
        return AdminResults.From(result, StatusCodes.Status201Created);
    }

    public static async Task<IResult> GetAsync(AdminServices s, EntityKind kind, string idOrKey, Parent? parent = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        var (scope, missing) = await ResolveAsync(s, parent);
        if (missing is not null)
        {
            return missing;
        }

        var entity = await s.Store.GetAsync(kind, idOrKey, scope, s.CancellationToken);
        return entity is null ? AdminResults.NotFound() : AdminResults.Entity(entity);
    }

    public static async Task<IResult> UpsertAsync(AdminServices s, EntityKind kind, string idOrKey, Parent? parent = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        var (scope, missing) = await ResolveAsync(s, parent);
        if (missing is not null)
        {
            return missing;
        }

        var body = await BodyReader.ReadAsync(s.Context.Request, kind.CoerceForm, s.Settings.AdminMaxBodyBytes, s.CancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await s.Store.UpsertAsync(kind, idOrKey, body.Body!, scope, s.CancellationToken);
        return AdminResults.From(result, StatusCodes.Status200OK);
    }

    public static async Task<IResult> UpdateAsync(AdminServices s, EntityKind kind, string idOrKey, Parent? parent = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        var (scope, missing) = await ResolveAsync(s, parent);
        if (missing is not null)
        {
            return missing;
        }

        // Form values are typed by the stored entity's schema; a plugin's config needs its name, which a patch may omit.
        var coerce = kind.CoerceForm;
        if (kind.Schema.FieldsByName.ContainsKey("config") && await s.Store.GetAsync(kind, idOrKey, scope, s.CancellationToken) is { } existing)
        {
            coerce = input =>
            {
                var injected = input["name"] is null;
                if (injected)
                {
                    input["name"] = existing["name"]?.DeepClone();
                }

                var coerced = kind.CoerceForm(input);
                if (injected)
                {
                    coerced.Remove("name");
                }

                return coerced;
            };
        }

        var body = await BodyReader.ReadAsync(s.Context.Request, coerce, s.Settings.AdminMaxBodyBytes, s.CancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var result = await s.Store.UpdateAsync(kind, idOrKey, body.Body!, scope, s.CancellationToken);
        return AdminResults.From(result, StatusCodes.Status200OK);
    }

    /// <summary>204 whether or not the entity existed at the top level (Kong); 404 for an unknown nested one.</summary>
    public static async Task<IResult> DeleteAsync(AdminServices s, EntityKind kind, string idOrKey, Parent? parent = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        var (scope, missing) = await ResolveAsync(s, parent);
        if (missing is not null)
        {
            return missing;
        }

        var result = await s.Store.DeleteAsync(kind, idOrKey, scope, s.CancellationToken);
        if (result.Error is not null)
        {
            return AdminResults.Error(result.Error);
        }

        return result.NotFound && parent is not null ? AdminResults.NotFound() : AdminResults.NoContent();
    }

    private static async Task<(Scope? Scope, IResult? Missing)> ResolveAsync(AdminServices s, Parent? parent)
    {
        if (parent is null)
        {
            return (null, null);
        }

        var id = await s.Store.ResolveIdAsync(parent.Kind, parent.IdOrKey, s.CancellationToken);
        return id is null ? (null, AdminResults.NotFound()) : (new Scope(parent.Field, parent.Column, id), null);
    }
}
