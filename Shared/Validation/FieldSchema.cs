using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HybridGateway.Shared.Validation;

/// <summary>
/// One field of a <see cref="Schema"/>, in the spirit of Kong's schema language:
/// type, required, default, and the declarative rules whose messages Kong users know.
/// </summary>
public sealed record FieldSchema
{
    /// <summary>This field is required.</summary>
    public required string Name { get; init; }

    /// <summary>This field is required.</summary>
    public required FieldType Type { get; init; }

    /// <summary>Null or missing is an error (<c>required field missing</c>) once defaults are applied.</summary>
    public bool Required { get; init; }

    /// <summary>Applied when the field is absent (never when it is explicitly null).</summary>
    public JsonNode? Default { get; init; }

    /// <summary>Filled by the store (ids, timestamps): accepted in input, never required.</summary>
    public bool Auto { get; init; }

    /// <summary>Unique across entities of the schema; checked by the store (409).</summary>
    public bool Unique { get; init; }

    public string? Description { get; init; }

    /// <summary>Allowed values (strings or numbers, compared as their JSON text).</summary>
    public IReadOnlyList<string>? OneOf { get; init; }

    /// <summary>Inclusive numeric range.</summary>
    public (double Min, double Max)? Between { get; init; }

    /// <summary>Minimum string length or element count.</summary>
    public int? LenMin { get; init; }

    /// <summary>Maximum string length or element count.</summary>
    public int? LenMax { get; init; }

    public string? StartsWith { get; init; }

    /// <summary>A pattern the whole string must match; the error is <c>invalid value: …</c>.</summary>
    public Regex? Match { get; init; }

    /// <summary>The value must be null (Kong's <c>eq = null</c>), e.g. a plugin that cannot be scoped to consumers.</summary>
    public bool MustBeNull { get; init; }

    /// <summary>Items of an <see cref="FieldType.Array"/> or <see cref="FieldType.Set"/>.</summary>
    public FieldSchema? Elements { get; init; }

    /// <summary>Keys of a <see cref="FieldType.Map"/>.</summary>
    public FieldSchema? Keys { get; init; }

    /// <summary>Values of a <see cref="FieldType.Map"/>.</summary>
    public FieldSchema? Values { get; init; }

    /// <summary>Fields of a <see cref="FieldType.Record"/>.</summary>
    public Schema? Record { get; init; }

    /// <summary>The entity a <see cref="FieldType.Foreign"/> field refers to (<c>services</c>, <c>consumers</c>…).</summary>
    public string? Reference { get; init; }

    /// <summary>A last check on a value that passed the declarative rules; returns an error message or null.</summary>
    public Func<JsonNode, string?>? Custom { get; init; }

    /// <summary>Holds a secret (HMAC secret, private key): masked in logs, encrypted in snapshots later.</summary>
    public bool Secret { get; init; }
}
