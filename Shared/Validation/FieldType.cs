namespace HybridGateway.Shared.Validation;

/// <summary>The value types of Kong's schema language that our entities use.</summary>
public enum FieldType
{
    String,
    Integer,
    Number,
    Boolean,

    /// <summary>An ordered list; <see cref="FieldSchema.Elements"/> describes each item.</summary>
    Array,

    /// <summary>A list whose duplicates are removed, order kept.</summary>
    Set,

    /// <summary>An object with free keys; <see cref="FieldSchema.Values"/> describes each value.</summary>
    Map,

    /// <summary>An object with known fields; <see cref="FieldSchema.Record"/> describes them.</summary>
    Record,

    /// <summary>A reference to another entity, rendered <c>{"id": …}</c>.</summary>
    Foreign,

    /// <summary>Any JSON value, unchecked.</summary>
    Any,
}
