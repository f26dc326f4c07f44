namespace HybridGateway.Shared.Plugins.UpstreamJwt;

/// <summary>Config of the <c>upstream-jwt</c> plugin, read from a validated plugin <c>config</c>.</summary>
public sealed record UpstreamJwtOptions
{
    public string? Issuer { get; init; }

    public string? PrivateKeyLocation { get; init; }

    public string? KeySet { get; init; }

    public string? PublicKeyLocation { get; init; }

    public string? KeyId { get; init; }

    public string Header { get; init; } = "JWT";

    public bool IncludeCredentialType { get; init; }

    public string? Algorithm { get; init; }

    public int ExpiresIn { get; init; } = UpstreamJwtSchema.DefaultExpiresIn;

    public long MaxBodySize { get; init; } = UpstreamJwtSchema.DefaultMaxBodySize;
}
