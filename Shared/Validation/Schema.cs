using System.Text.Json.Nodes;
using HybridGateway.Shared.Secrets;

namespace HybridGateway.Shared.Validation;

/// <summary>A check over a whole entity (or record) after its fields were processed.</summary>
/// <param name="entity">The processed entity: defaults filled, every field present.</param>
/// <param name="errors">Where to add errors: <see cref="FieldErrors.AddEntity"/> or a field path.</param>
public delegate void EntityCheck(JsonObject entity, FieldErrors errors);

/// <summary>Rewrites shorthand input (e.g. a service <c>url</c>) into real fields before validation.</summary>
public delegate void Shorthand(JsonObject input, FieldErrors errors);

/// <summary>
/// The schema of an entity or of a record field (a plugin's <c>config</c>): the single source used to coerce form
/// input, fill defaults, validate (Admin API, declarative import, data plane) and describe fields to the console.
/// </summary>
public sealed class Schema
{
    public Schema(string name, IReadOnlyList<FieldSchema> fields, IReadOnlyList<EntityCheck>? checks = null, IReadOnlyList<Shorthand>? shorthands = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(fields);
        Name = name;
        Fields = fields;
        Checks = checks ?? [];
        Shorthands = shorthands ?? [];
        FieldsByName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    /// <summary>The entity name (<c>services</c>, <c>routes</c>…) or the record's name.</summary>
    public string Name { get; }

    public IReadOnlyList<FieldSchema> Fields { get; }

    public IReadOnlyDictionary<string, FieldSchema> FieldsByName { get; }

    public IReadOnlyList<EntityCheck> Checks { get; }

    public IReadOnlyList<Shorthand> Shorthands { get; }

    /// <summary>
    /// Fills generated values of an entity being created (a credential's random key or secret), before validation.
    /// The Admin API and declarative imports both call it, so generated values are made one way.
    /// </summary>
    public Action<JsonObject>? FillGenerated { get; init; }

    /// <summary>
    /// Kong's DAO transformations: rewrites an entity that passed validation before it is stored (basic-auth hashes its
    /// password). Must be idempotent: the Admin API, declarative imports and re-imports of an export all call it.
    /// </summary>
    public Action<JsonObject>? Transform { get; init; }

    /// <summary>
    /// The unique field that names an entity besides its id: in Admin API paths (<c>/key-auths/{key}</c>) and, for
    /// declarative entities without an id, the seed of their deterministic id. Null when only the id names it.
    /// </summary>
    public string? EndpointKey { get; init; }

    /// <summary>Secret values inside the entity (private keys): encrypted at rest, withheld from answers and exports. Null when none.</summary>
    public SecretFields? Secrets { get; init; }
}
