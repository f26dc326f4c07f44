using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.ControlPlane.Snapshots;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Secrets;
using HybridGateway.Shared.Validation;
using Microsoft.EntityFrameworkCore;

namespace HybridGateway.ControlPlane.Store;

/// <summary>A nested endpoint's parent: <c>/services/{s}/routes</c> scopes routes to <c>service = {id = s}</c>.</summary>
internal sealed record Scope(string Field, string Column, string Id);

/// <summary>The outcome of a store operation: the entity, a Kong DAO error, or "not found".</summary>
internal sealed record StoreResult(JsonObject? Entity, DaoError? Error = null, bool NotFound = false)
{
    public static StoreResult Missing { get; } = new(null, null, NotFound: true);

    public static StoreResult Failed(DaoError error) => new(null, error);
}

/// <summary>One page of entities and the id to continue after, when there is more.</summary>
internal sealed record EntityPage(IReadOnlyList<JsonObject> Data, string? NextAfter);

/// <summary>
/// Admin API persistence with Kong's semantics. Every write is one transaction that first advances the config
/// revision (serializing writers, also across control-plane instances on one database), validates with Shared's
/// schemas, checks uniqueness and references, and either commits everything or nothing.
/// Secret values (private keys) are encrypted before a row is written and decrypted only where the store needs the
/// real entity (a PATCH merge); every entity it returns has them withheld (<see cref="Schema.Secrets"/>).
/// </summary>
internal sealed class EntityStore
{
    private readonly GatewayDbFactory _dbs;
    private readonly EntityKinds _kinds;
    private readonly SnapshotSignal _signal;
    private readonly TimeProvider _time;
    private readonly SecretProtector _protector;
    private readonly StoredPluginCatalog _plugins;

    public EntityStore(GatewayDbFactory dbs, EntityKinds kinds, SnapshotSignal signal, TimeProvider time, SecretProtector protector, StoredPluginCatalog plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        _plugins = plugins;
        ArgumentNullException.ThrowIfNull(dbs);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(protector);
        _dbs = dbs;
        _kinds = kinds;
        _signal = signal;
        _time = time;
        _protector = protector;
    }

    public async Task<JsonObject?> GetAsync(EntityKind kind, string idOrKey, Scope? scope, CancellationToken cancellationToken)
    {
        await using var db = _dbs.Create();
        var row = await kind.FindAsync(db, idOrKey, cancellationToken);
        return row is null || !InScope(row, scope) ? null : Shown(kind, Parse(row));
    }

    /// <summary>The id of the entity a path segment names, or null when it does not exist.</summary>
    public async Task<string?> ResolveIdAsync(EntityKind kind, string idOrKey, CancellationToken cancellationToken)
    {
        await using var db = _dbs.Create();
        var row = await kind.FindAsync(db, idOrKey, cancellationToken);
        return row?.Id;
    }

    public async Task<EntityPage> ListAsync(EntityKind kind, PageQuery query, CancellationToken cancellationToken)
    {
        await using var db = _dbs.Create();
        var rows = await kind.PageAsync(db, query, cancellationToken);
        var more = rows.Count > query.Size;
        var page = more ? rows.Take(query.Size).ToList() : rows;
        return new EntityPage([.. page.Select(row => Shown(kind, Parse(row)))], more ? page[^1].Id : null);
    }

    public Task<StoreResult> CreateAsync(EntityKind kind, JsonObject input, Scope? scope, CancellationToken cancellationToken) =>
        WriteAsync(
            async db =>
            {
                var entity = (JsonObject)input.DeepClone();
                ApplyScope(entity, scope);
                if (entity["id"] is null)
                {
                    entity["id"] = Guid.NewGuid().ToString();
                }

                kind.Schema.FillGenerated?.Invoke(entity);

                FillTimestamps(kind, entity, createdAt: null);
                return await SaveAsync(db, kind, entity, existing: null, cancellationToken);
            },
            cancellationToken);

    /// <summary>PUT: replaces the entity named by <paramref name="idOrKey"/>, or creates it (with that id or endpoint key).</summary>
    public Task<StoreResult> UpsertAsync(EntityKind kind, string idOrKey, JsonObject input, Scope? scope, CancellationToken cancellationToken) =>
        WriteAsync(
            async db =>
            {
                var existing = await kind.FindAsync(db, idOrKey, cancellationToken);
                if (existing is not null && !InScope(existing, scope))
                {
                    return StoreResult.Missing;
                }

                var entity = (JsonObject)input.DeepClone();
                if (Guid.TryParse(idOrKey, out var id))
                {
                    entity["id"] = id.ToString();
                }
                else
                {
                    entity[kind.EndpointKey] = idOrKey;
                }

                if (existing is not null)
                {
                    entity["id"] = existing.Id;
                }
                else if (entity["id"] is null)
                {
                    entity["id"] = Guid.NewGuid().ToString();
                }

                ApplyScope(entity, scope);
                kind.Schema.FillGenerated?.Invoke(entity);
                FillTimestamps(kind, entity, existing?.CreatedAt);
                return await SaveAsync(db, kind, entity, existing, cancellationToken);
            },
            cancellationToken);

    /// <summary>PATCH: merges <paramref name="patch"/> into the stored entity, then validates the whole result.</summary>
    public Task<StoreResult> UpdateAsync(EntityKind kind, string idOrKey, JsonObject patch, Scope? scope, CancellationToken cancellationToken) =>
        WriteAsync(
            async db =>
            {
                var existing = await kind.FindAsync(db, idOrKey, cancellationToken);
                if (existing is null || !InScope(existing, scope))
                {
                    return StoreResult.Missing;
                }

                var entity = Parse(existing);
                kind.Schema.Secrets?.Unprotect(entity, _protector);
                Merge(kind.Schema, entity, patch);
                entity["id"] = existing.Id;
                FillTimestamps(kind, entity, existing.CreatedAt);
                return await SaveAsync(db, kind, entity, existing, cancellationToken);
            },
            cancellationToken);

    /// <summary>DELETE: refuses when restricted references exist, deletes cascading ones (plugins) with it.</summary>
    public Task<StoreResult> DeleteAsync(EntityKind kind, string idOrKey, Scope? scope, CancellationToken cancellationToken) =>
        WriteAsync(
            async db =>
            {
                var existing = await kind.FindAsync(db, idOrKey, cancellationToken);
                if (existing is null || !InScope(existing, scope))
                {
                    return StoreResult.Missing;
                }

                if (kind == _kinds.CustomPlugins && await CustomPluginUsage.CheckAsync(db, Parse(existing), next: null, cancellationToken) is { } inUse)
                {
                    return StoreResult.Failed(inUse);
                }

                foreach (var referrer in kind.Referrers.Where(r => r.Action == ReferenceAction.Restrict))
                {
                    var referencing = await _kinds.Get(referrer.Kind).ReferencingAsync(db, referrer.Column, existing.Id, cancellationToken);
                    if (referencing.Count > 0)
                    {
                        return StoreResult.Failed(DaoError.Restricted(referrer.Kind, kind.Name));
                    }
                }

                if (await PluginNamingAsync(db, kind, existing.Id, cancellationToken) is { } plugin)
                {
                    return StoreResult.Failed(DaoError.ReferencedByPlugin(kind.Name, existing.Id, plugin.Name, plugin.Id));
                }

                foreach (var referrer in kind.Referrers.Where(r => r.Action == ReferenceAction.Cascade))
                {
                    var referencingKind = _kinds.Get(referrer.Kind);
                    foreach (var row in await referencingKind.ReferencingAsync(db, referrer.Column, existing.Id, cancellationToken))
                    {
                        await RemoveAsync(db, referencingKind, row, cancellationToken);
                    }
                }

                var deleted = Shown(kind, Parse(existing));
                await RemoveAsync(db, kind, existing, cancellationToken);
                return new StoreResult(deleted);
            },
            cancellationToken);

    /// <summary>
    /// Replaces the whole configuration (Kong's declarative <c>POST /config</c>) in one transaction, so it becomes
    /// exactly one new revision. <paramref name="config"/> was validated whole by the declarative reader; each entity
    /// still goes through its schema so stored documents have the same shape as those the Admin API writes.
    /// </summary>
    public Task<StoreResult> ReplaceAllAsync(GatewayConfig config, CancellationToken cancellationToken) =>
        WriteAsync(
            async db =>
            {
                ArgumentNullException.ThrowIfNull(config);
                await _plugins.RefreshAsync(db, cancellationToken);
                await db.Tags.ExecuteDeleteAsync(cancellationToken);
                await db.CaCertificates.ExecuteDeleteAsync(cancellationToken);
                await db.Keys.ExecuteDeleteAsync(cancellationToken);
                await db.KeySets.ExecuteDeleteAsync(cancellationToken);
                await db.KeyAuthCredentials.ExecuteDeleteAsync(cancellationToken);
                await db.JwtSecrets.ExecuteDeleteAsync(cancellationToken);
                await db.BasicAuthCredentials.ExecuteDeleteAsync(cancellationToken);
                await db.Plugins.ExecuteDeleteAsync(cancellationToken);
                await db.Routes.ExecuteDeleteAsync(cancellationToken);
                await db.Consumers.ExecuteDeleteAsync(cancellationToken);
                await db.Services.ExecuteDeleteAsync(cancellationToken);

                // Parents before children, saved kind by kind so every reference exists when its row is written.
                var counts = new JsonObject();
                foreach (var (kind, entities) in new (EntityKind, IEnumerable<object>)[]
                {
                    (_kinds.CaCertificates, config.CaCertificates),
                    (_kinds.Services, config.Services),
                    (_kinds.Consumers, config.Consumers),
                    (_kinds.Routes, config.Routes),
                    (_kinds.Plugins, config.Plugins),
                    (_kinds.KeyAuthCredentials, config.KeyAuthCredentials),
                    (_kinds.JwtSecrets, config.JwtSecrets),
                    (_kinds.BasicAuthCredentials, config.BasicAuthCredentials),
                    (_kinds.KeySets, config.KeySets),
                    (_kinds.Keys, config.Keys),
                })
                {
                    var count = 0;
                    foreach (var entity in entities)
                    {
                        var document = (JsonObject)JsonSerializer.SerializeToNode(entity, entity.GetType(), GatewayJson.Options)!;
                        var processed = SchemaProcessor.Process(kind.Schema, document);
                        if (processed.Errors.HasErrors)
                        {
                            return StoreResult.Failed(DaoError.SchemaViolation(processed.Errors));
                        }

                        kind.Schema.Transform?.Invoke(processed.Entity);
                        var row = kind.NewRow();
                        kind.Fill(row, Stored(kind, processed.Entity));
                        kind.Add(db, row);
                        AddTags(db, kind, row.Id, processed.Entity);
                        count++;
                    }

                    await db.SaveChangesAsync(cancellationToken);
                    counts[kind.Name] = count;
                }

                return new StoreResult(counts);
            },
            cancellationToken);

    /// <summary>
    /// Runs the write path once for every entity kind (validation, checks, inserts, a paged read) in a transaction
    /// that is rolled back, so the first real Admin API change is not the one paying for JIT and EF query compilation.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await using var db = _dbs.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ConfigState.Where(s => s.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Revision, r => r.Revision + 1), cancellationToken);
        var suffix = Guid.NewGuid().ToString("N");
        var service = await SaveAsync(db, _kinds.Services, new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = $"warm-up-{suffix}", ["url"] = "http://warm-up.invalid", ["tags"] = new JsonArray("warm-up") }, null, cancellationToken);
        var serviceId = (string?)service.Entity?["id"];
        var route = await SaveAsync(db, _kinds.Routes, new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = $"warm-up-{suffix}", ["paths"] = new JsonArray("/warm-up"), ["service"] = new JsonObject { ["id"] = serviceId } }, null, cancellationToken);
        await SaveAsync(db, _kinds.Consumers, new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["username"] = $"warm-up-{suffix}" }, null, cancellationToken);
        await SaveAsync(db, _kinds.Plugins, new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "request-termination", ["route"] = new JsonObject { ["id"] = (string?)route.Entity?["id"] } }, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var kind in _kinds.All)
        {
            await kind.PageAsync(db, new PageQuery(null, 1, ["warm-up"]), cancellationToken);
            await kind.FindAsync(db, $"warm-up-{suffix}", cancellationToken);
        }

        await transaction.RollbackAsync(cancellationToken);
    }

    private async Task<StoreResult> WriteAsync(Func<GatewayDbContext, Task<StoreResult>> work, CancellationToken cancellationToken)
    {
        await using var db = _dbs.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // First statement of every write: takes the write lock and advances the revision the snapshotter watches.
        await db.ConfigState.Where(s => s.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Revision, r => r.Revision + 1), cancellationToken);

        var result = await work(db);
        if (result.Error is not null || result.NotFound)
        {
            await transaction.RollbackAsync(cancellationToken);
            return result;
        }

        var customPluginsChanged = db.ChangeTracker.Entries<CustomPluginRow>()
            .Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _signal.Notify();

        // Reads (/schemas, /plugins/enabled, declarative parsing) see a custom plugin as soon as it is stored.
        if (customPluginsChanged)
        {
            await _plugins.RefreshAsync(db, cancellationToken);
        }

        return result;
    }

    private async Task<StoreResult> SaveAsync(GatewayDbContext db, EntityKind kind, JsonObject input, EntityRow? existing, CancellationToken cancellationToken)
    {
        if (await ResolveForeignKeysAsync(db, kind, input, cancellationToken) is { } unresolved)
        {
            return StoreResult.Failed(unresolved);
        }

        if (kind == _kinds.Plugins)
        {
            // A plugin instance is validated against the custom plugins of this very revision, also when another
            // control-plane instance changed them.
            await _plugins.RefreshAsync(db, cancellationToken);
        }

        var processed = SchemaProcessor.Process(kind.Schema, input);
        if (processed.Errors.HasErrors)
        {
            return StoreResult.Failed(DaoError.SchemaViolation(processed.Errors));
        }

        var entity = processed.Entity;
        if (kind == _kinds.CustomPlugins && existing is not null
            && await CustomPluginUsage.CheckAsync(db, Parse(existing), entity, cancellationToken) is { } inUse)
        {
            return StoreResult.Failed(inUse);
        }

        if (await MissingConfigReferenceAsync(db, kind, entity, cancellationToken) is { } missing)
        {
            return StoreResult.Failed(missing);
        }

        kind.Schema.Transform?.Invoke(entity);
        var id = Guid.Parse((string)entity["id"]!).ToString();
        entity["id"] = id;
        foreach (var foreign in kind.Foreign)
        {
            if (EntityDocument.ForeignId(entity, foreign.Field) is { } foreignId)
            {
                entity[foreign.Field] = new JsonObject { ["id"] = foreignId };
            }
        }

        if (existing is null && await kind.FindByColumnAsync(db, nameof(EntityRow.Id), id, null, cancellationToken) is not null)
        {
            return StoreResult.Failed(DaoError.Unique(new JsonObject { ["id"] = id }));
        }

        foreach (var (field, column) in kind.UniqueColumns)
        {
            if (entity[field] is JsonValue value && await kind.FindByColumnAsync(db, column, value.ToString(), id, cancellationToken) is not null)
            {
                return StoreResult.Failed(DaoError.Unique(new JsonObject { [field] = value.DeepClone() }));
            }
        }

        if (kind.CacheKey is { } cacheKey
            && await kind.FindByColumnAsync(db, nameof(PluginRow.CacheKey), cacheKey.Of(entity), id, cancellationToken) is not null)
        {
            return StoreResult.Failed(DaoError.Unique(cacheKey.Fields(entity)));
        }

        foreach (var foreign in kind.Foreign)
        {
            if (EntityDocument.ForeignId(entity, foreign.Field) is { } foreignId
                && await _kinds.Get(foreign.Kind).FindByColumnAsync(db, nameof(EntityRow.Id), foreignId, null, cancellationToken) is null)
            {
                return StoreResult.Failed(DaoError.InvalidReference(foreign.Field, foreignId, foreign.Kind));
            }
        }

        var row = existing ?? kind.NewRow();
        kind.Fill(row, Stored(kind, entity));
        if (existing is null)
        {
            kind.Add(db, row);
        }

        await db.Tags.Where(t => t.EntityId == id).ExecuteDeleteAsync(cancellationToken);
        AddTags(db, kind, id, entity);
        return new StoreResult(Shown(kind, entity));
    }

    /// <summary>A plugin's config naming entities that do not exist (mtls-auth's <c>ca_certificates</c>): a schema violation naming the field.</summary>
    private async Task<DaoError?> MissingConfigReferenceAsync(GatewayDbContext db, EntityKind kind, JsonObject entity, CancellationToken cancellationToken)
    {
        if (kind != _kinds.Plugins || (string?)entity["name"] is not { } name || !_kinds.Catalog.TryGet(name, out var definition))
        {
            return null;
        }

        var errors = new FieldErrors();
        foreach (var reference in definition.References)
        {
            foreach (var id in reference.IdsIn(entity["config"]))
            {
                if (!Guid.TryParse(id, out var guid)
                    || await _kinds.Get(reference.Entity).FindByColumnAsync(db, nameof(EntityRow.Id), guid.ToString(), null, cancellationToken) is null)
                {
                    errors.Add($"config.{reference.Field}", $"the '{reference.Entity}' entity '{id}' does not exist");
                    break;
                }
            }
        }

        return errors.HasErrors ? DaoError.SchemaViolation(errors) : null;
    }

    /// <summary>A plugin whose config names entity <paramref name="id"/> of <paramref name="kind"/>, if any (Kong refuses such deletes).</summary>
    private async Task<(string Name, string Id)?> PluginNamingAsync(GatewayDbContext db, EntityKind kind, string id, CancellationToken cancellationToken)
    {
        foreach (var definition in _kinds.Catalog.All.Where(d => d.References.Any(r => r.Entity == kind.Name)))
        {
            var name = definition.Name;
            var plugins = await db.Plugins.AsNoTracking().Where(p => p.Name == name).OrderBy(p => p.Id).Select(p => new { p.Id, p.Document }).ToListAsync(cancellationToken);
            foreach (var plugin in plugins)
            {
                var config = JsonNode.Parse(plugin.Document)?["config"];
                if (definition.References.Any(r => r.Entity == kind.Name && r.IdsIn(config).Any(i => Guid.TryParse(i, out var g) && g.ToString() == id)))
                {
                    return (name, plugin.Id);
                }
            }
        }

        return null;
    }

    /// <summary>The document to write: a copy of the entity with its secret values encrypted.</summary>
    private JsonObject Stored(EntityKind kind, JsonObject entity)
    {
        if (kind.Schema.Secrets is not { } secrets)
        {
            return entity;
        }

        var stored = (JsonObject)entity.DeepClone();
        secrets.Protect(stored, _protector);
        return stored;
    }

    /// <summary>The entity as the Admin API shows it: secret values withheld (whether stored encrypted or not).</summary>
    private static JsonObject Shown(EntityKind kind, JsonObject entity)
    {
        kind.Schema.Secrets?.Redact(entity);
        return entity;
    }

    private static void AddTags(GatewayDbContext db, EntityKind kind, string id, JsonObject entity)
    {
        if (entity["tags"] is JsonArray tags)
        {
            foreach (var tag in tags.Select(t => t?.ToString()).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                db.Tags.Add(new TagRow { EntityId = id, Tag = tag, EntityType = kind.Name });
            }
        }
    }

    /// <summary>
    /// Kong accepts a foreign key by the referenced entity's endpoint key too (<c>service.name=svc</c>,
    /// <c>{"consumer":{"username":"bob"}}</c>); it is turned into <c>{"id": …}</c> before validation.
    /// </summary>
    private async Task<DaoError?> ResolveForeignKeysAsync(GatewayDbContext db, EntityKind kind, JsonObject input, CancellationToken cancellationToken)
    {
        foreach (var foreign in kind.Foreign)
        {
            var referenced = _kinds.Get(foreign.Kind);
            if (input[foreign.Field] is not JsonObject key || key.ContainsKey("id") || key.Count != 1
                || key[referenced.EndpointKey] is not JsonValue value || !value.TryGetValue<string>(out var endpointKey))
            {
                continue;
            }

            var row = await referenced.FindByColumnAsync(db, referenced.UniqueColumns[referenced.EndpointKey], endpointKey, null, cancellationToken);
            if (row is null)
            {
                return DaoError.InvalidReference(foreign.Field, key, foreign.Kind);
            }

            input[foreign.Field] = new JsonObject { ["id"] = row.Id };
        }

        return null;
    }

    private static async Task RemoveAsync(GatewayDbContext db, EntityKind kind, EntityRow row, CancellationToken cancellationToken)
    {
        var id = row.Id;
        await db.Tags.Where(t => t.EntityId == id).ExecuteDeleteAsync(cancellationToken);
        kind.Remove(db, row);
    }

    private void FillTimestamps(EntityKind kind, JsonObject entity, long? createdAt)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (kind.Schema.FieldsByName.ContainsKey("created_at"))
        {
            if (createdAt is not null)
            {
                entity["created_at"] = createdAt.Value;
            }
            else if (entity["created_at"] is null)
            {
                entity["created_at"] = now;
            }
        }

        if (kind.Schema.FieldsByName.ContainsKey("updated_at"))
        {
            entity["updated_at"] = now;
        }
    }

    private static void ApplyScope(JsonObject entity, Scope? scope)
    {
        if (scope is not null)
        {
            entity[scope.Field] = new JsonObject { ["id"] = scope.Id };
        }
    }

    private static bool InScope(EntityRow row, Scope? scope) =>
        scope is null || EntityDocument.ForeignId(Parse(row), scope.Field) == scope.Id;

    private static JsonObject Parse(EntityRow row) => (JsonObject)JsonNode.Parse(row.Document)!;

    // PATCH semantics of Kong's merge_values: records (a plugin's config, typed Any in Shared) merge field by field, the rest is replaced.
    private static void Merge(Schema schema, JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (schema.FieldsByName.TryGetValue(name, out var field) && field.Type is FieldType.Record or FieldType.Any
                && value is JsonObject patchRecord && target[name] is JsonObject targetRecord)
            {
                MergeRecord(targetRecord, patchRecord, field.Record);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }

    private static void MergeRecord(JsonObject target, JsonObject patch, Schema? schema)
    {
        if (schema is not null)
        {
            Merge(schema, target, patch);
            return;
        }

        foreach (var (name, value) in patch)
        {
            target[name] = value?.DeepClone();
        }
    }
}
