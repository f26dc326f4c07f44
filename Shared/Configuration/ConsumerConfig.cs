namespace HybridGateway.Shared.Configuration;

/// <summary>A consumer of the APIs: at least one of <see cref="Username"/> and <see cref="CustomId"/> is set.</summary>
public sealed record ConsumerConfig
{
    /// <summary>This field is required.</summary>
    public required Guid Id { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    public string? Username { get; init; }

    public string? CustomId { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }
}
