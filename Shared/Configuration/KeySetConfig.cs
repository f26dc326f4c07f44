namespace HybridGateway.Shared.Configuration;

/// <summary>A set of keys (Kong's <c>key_sets</c>): the keys that reference it are deleted with it.</summary>
public sealed record KeySetConfig
{
    /// <summary>This field is required.</summary>
    public required Guid Id { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }
}
