namespace HybridGateway.Shared.Configuration;

/// <summary>A consumer's JWT credential (Kong's <c>jwt_secrets</c>): the key a token names and how to verify it.</summary>
public sealed record JwtSecretConfig
{
    /// <summary>This field is required.</summary>
    public required Guid Id { get; init; }

    public long CreatedAt { get; init; }

    /// <summary>The owning consumer. This field is required.</summary>
    public required EntityRef Consumer { get; init; }

    /// <summary>Unique; the value of the token's key claim (<c>iss</c> by default). This field is required.</summary>
    public required string Key { get; init; }

    /// <summary>The HMAC secret of HS* credentials (generated for every credential, as Kong does).</summary>
    public string? Secret { get; init; }

    /// <summary>PEM public key of RS*, PS*, ES* and EdDSA credentials.</summary>
    public string? RsaPublicKey { get; init; }

    public string Algorithm { get; init; } = "HS256";

    public IReadOnlyList<string>? Tags { get; init; }
}
