using System.Reflection;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Validation;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Store;

/// <summary>What happens to entities that reference one being deleted (Kong's <c>on_delete</c>).</summary>
internal enum ReferenceAction
{
    /// <summary>The delete is refused with a foreign key violation.</summary>
    Restrict,

    /// <summary>The referencing entities are deleted too.</summary>
    Cascade,
}

/// <summary>A foreign-key field of an entity: <c>route.service</c> is stored in column <c>ServiceId</c> and points at <c>services</c>.</summary>
internal sealed record ForeignField(string Field, string Column, string Kind);

/// <summary>Entities of <see cref="Kind"/> reference the owner through <see cref="Column"/>.</summary>
internal sealed record Referrer(string Kind, string Column, ReferenceAction Action);

/// <summary>
/// Kong's <c>cache_key</c>: a composite key unique across a kind (stored in the row's <c>CacheKey</c> column), and the
/// fields a violation names.
/// </summary>
internal sealed record CacheKeyRule(Func<JsonObject, string> Of, Func<JsonObject, JsonObject> Fields);

/// <summary>One page request over an entity table.</summary>
internal sealed record PageQuery(
    string? AfterId,
    int Size,
    IReadOnlyList<string>? Tags = null,
    bool TagsAny = false,
    string? ScopeColumn = null,
    string? ScopeId = null,
    string? FilterColumn = null,
    string? FilterValue = null);

/// <summary>
/// Describes one Admin API entity (services, routes, consumers, plugins): its schema from Shared, its endpoint key,
/// which fields are unique or foreign, and the typed queries over its table.
/// </summary>
internal abstract class EntityKind
{
    protected EntityKind(string name, Schema schema, string endpointKey, IReadOnlyDictionary<string, string> uniqueColumns, IReadOnlyList<ForeignField> foreign)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrEmpty(endpointKey);
        ArgumentNullException.ThrowIfNull(uniqueColumns);
        ArgumentNullException.ThrowIfNull(foreign);
        Name = name;
        Schema = schema;
        EndpointKey = endpointKey;
        UniqueColumns = uniqueColumns;
        Foreign = foreign;
        CoerceForm = input => SchemaProcessor.CoerceFormInput(schema, input);
    }

    /// <summary>The collection name: <c>services</c>.</summary>
    public string Name { get; }

    public Schema Schema { get; }

    /// <summary>The field a non-UUID path segment is looked up by (<c>name</c>, <c>username</c>, <c>instance_name</c>).</summary>
    public string EndpointKey { get; }

    /// <summary>Unique field → column.</summary>
    public IReadOnlyDictionary<string, string> UniqueColumns { get; }

    public IReadOnlyList<ForeignField> Foreign { get; }

    /// <summary>Entities that point at this kind, filled in by <see cref="EntityKinds"/>.</summary>
    public List<Referrer> Referrers { get; } = [];

    /// <summary>Types form-encoded input with the schema (Shared's <see cref="SchemaProcessor.CoerceFormInput"/>).</summary>
    public Func<JsonObject, JsonObject> CoerceForm { get; init; }

    /// <summary>The kind's composite uniqueness key, if it has one (plugins, keys).</summary>
    public CacheKeyRule? CacheKey { get; init; }

    public ForeignField? ForeignFor(string field) => Foreign.FirstOrDefault(f => f.Field == field);

    /// <summary>Looks an entity up by id (a UUID segment) or by endpoint key (anything else), tracked for updates.</summary>
    public Task<EntityRow?> FindAsync(GatewayDbContext db, string idOrKey, CancellationToken cancellationToken) =>
        Guid.TryParse(idOrKey, out var id)
            ? FindByColumnAsync(db, nameof(EntityRow.Id), id.ToString(), null, cancellationToken)
            : FindByColumnAsync(db, UniqueColumns[EndpointKey], idOrKey, null, cancellationToken);

    public abstract Task<EntityRow?> FindByColumnAsync(GatewayDbContext db, string column, string value, string? exceptId, CancellationToken cancellationToken);

    public abstract Task<List<EntityRow>> PageAsync(GatewayDbContext db, PageQuery query, CancellationToken cancellationToken);

    public abstract Task<List<EntityRow>> ReferencingAsync(GatewayDbContext db, string column, string id, CancellationToken cancellationToken);

    /// <summary>Every document of the kind, untracked, ordered by id.</summary>
    public abstract Task<List<string>> AllDocumentsAsync(GatewayDbContext db, CancellationToken cancellationToken);

    public abstract EntityRow NewRow();

    public abstract void Add(GatewayDbContext db, EntityRow row);

    public abstract void Remove(GatewayDbContext db, EntityRow row);

    /// <summary>Writes the document and every derived column into <paramref name="row"/>.</summary>
    public abstract void Fill(EntityRow row, JsonObject document);
}

/// <summary>The typed half of <see cref="EntityKind"/>: queries over <typeparamref name="TRow"/>'s table.</summary>
internal sealed class EntityKind<TRow> : EntityKind
    where TRow : EntityRow, new()
{
    private readonly Dictionary<string, PropertyInfo> _columns;
    private readonly Action<TRow, JsonObject>? _fillExtra;

    public EntityKind(string name, Schema schema, string endpointKey, IReadOnlyDictionary<string, string> uniqueColumns, IReadOnlyList<ForeignField> foreign, Action<TRow, JsonObject>? fillExtra = null)
        : base(name, schema, endpointKey, uniqueColumns, foreign)
    {
        _fillExtra = fillExtra;
        _columns = typeof(TRow).GetProperties().ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public override Task<EntityRow?> FindByColumnAsync(GatewayDbContext db, string column, string value, string? exceptId, CancellationToken cancellationToken)
    {
        var query = db.Set<TRow>().Where(r => EF.Property<string?>(r, column) == value);
        if (exceptId is not null)
        {
            query = query.Where(r => r.Id != exceptId);
        }

        return query.Cast<EntityRow>().FirstOrDefaultAsync(cancellationToken);
    }

    public override async Task<List<EntityRow>> PageAsync(GatewayDbContext db, PageQuery query, CancellationToken cancellationToken)
    {
        IQueryable<TRow> rows = db.Set<TRow>().AsNoTracking();
        if (query.ScopeColumn is { } scopeColumn)
        {
            var scopeId = query.ScopeId;
            rows = rows.Where(r => EF.Property<string?>(r, scopeColumn) == scopeId);
        }

        if (query.FilterColumn is { } filterColumn)
        {
            var filterValue = query.FilterValue;
            rows = rows.Where(r => EF.Property<string?>(r, filterColumn) == filterValue);
        }

        if (query.AfterId is { } after)
        {
            rows = rows.Where(r => string.Compare(r.Id, after) > 0);
        }

        if (query.Tags is { Count: > 0 } tags)
        {
            if (query.TagsAny)
            {
                var any = tags.ToList();
                rows = rows.Where(r => db.Tags.Any(t => t.EntityId == r.Id && any.Contains(t.Tag)));
            }
            else
            {
                foreach (var tag in tags)
                {
                    rows = rows.Where(r => db.Tags.Any(t => t.EntityId == r.Id && t.Tag == tag));
                }
            }
        }

        var page = await rows.OrderBy(r => r.Id).Take(query.Size + 1).ToListAsync(cancellationToken);
        return [.. page.Cast<EntityRow>()];
    }

    public override async Task<List<EntityRow>> ReferencingAsync(GatewayDbContext db, string column, string id, CancellationToken cancellationToken)
    {
        var rows = await db.Set<TRow>().Where(r => EF.Property<string?>(r, column) == id).ToListAsync(cancellationToken);
        return [.. rows.Cast<EntityRow>()];
    }

    public override Task<List<string>> AllDocumentsAsync(GatewayDbContext db, CancellationToken cancellationToken) =>
        db.Set<TRow>().AsNoTracking().OrderBy(r => r.Id).Select(r => r.Document).ToListAsync(cancellationToken);

    public override EntityRow NewRow() => new TRow();

    public override void Add(GatewayDbContext db, EntityRow row) => db.Set<TRow>().Add((TRow)row);

    public override void Remove(GatewayDbContext db, EntityRow row) => db.Set<TRow>().Remove((TRow)row);

    public override void Fill(EntityRow row, JsonObject document)
    {
        var typed = (TRow)row;
        typed.Id = (string)document["id"]!;
        typed.CreatedAt = document["created_at"]?.GetValue<long>() ?? 0;
        typed.Document = document.ToJsonString(GatewayJson.Options);
        foreach (var (field, column) in UniqueColumns)
        {
            _columns[column].SetValue(typed, document[field] is JsonValue value ? value.ToString() : null);
        }

        foreach (var foreign in Foreign)
        {
            _columns[foreign.Column].SetValue(typed, EntityDocument.ForeignId(document, foreign.Field));
        }

        _fillExtra?.Invoke(typed, document);
    }
}

/// <summary>Reads Kong entity documents.</summary>
internal static class EntityDocument
{
    /// <summary>The id inside a <c>{"id": …}</c> foreign key, lower-cased, or null.</summary>
    public static string? ForeignId(JsonObject document, string field)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document[field] is JsonObject reference && reference["id"] is JsonValue id && Guid.TryParse(id.ToString(), out var guid)
            ? guid.ToString()
            : null;
    }
}
