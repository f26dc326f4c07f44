namespace HybridGateway.Shared.Configuration;

/// <summary>A key-auth credential (Kong's <c>keyauth_credentials</c>): an API key that identifies a consumer.</summary>
public sealed record KeyAuthCredentialConfig
{
    /// <summary>This field is required.</summary>
    public required Guid Id { get; init; }

    public long CreatedAt { get; init; }

    /// <summary>The owning consumer. This field is required.</summary>
    public required EntityRef Consumer { get; init; }

    /// <summary>The API key; unique. This field is required.</summary>
    public required string Key { get; init; }

    /// <summary>Seconds after <see cref="CreatedAt"/> when the key stops working; null or 0 means never.</summary>
    public long? Ttl { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }
}
