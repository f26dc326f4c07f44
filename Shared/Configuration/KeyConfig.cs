namespace HybridGateway.Shared.Configuration;

/// <summary>
/// A key (Kong's <c>keys</c>): a JWK or PEM keys named by <see cref="Kid"/>, optionally in a key set. Exactly one of
/// <see cref="Jwk"/> and <see cref="Pem"/> is set. In snapshots the private material is in clear (issue 10 encrypts it).
/// </summary>
public sealed record KeyConfig
{
    /// <summary>This field is required.</summary>
    public required Guid Id { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    /// <summary>The key set it belongs to, if any.</summary>
    public EntityRef? Set { get; init; }

    public string? Name { get; init; }

    /// <summary>The key id; unique within its set. This field is required.</summary>
    public required string Kid { get; init; }

    /// <summary>The key as a JWK (JSON text).</summary>
    public string? Jwk { get; init; }

    /// <summary>The key as PEM.</summary>
    public KeyPemConfig? Pem { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>A key's PEM form: a private key, a public key, or both.</summary>
public sealed record KeyPemConfig
{
    public string? PrivateKey { get; init; }

    public string? PublicKey { get; init; }
}
