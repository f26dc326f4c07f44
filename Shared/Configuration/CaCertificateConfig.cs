namespace HybridGateway.Shared.Configuration;

/// <summary>A trusted CA certificate (Kong's <c>ca_certificates</c>), which mtls-auth verifies client certificates against.</summary>
public sealed record CaCertificateConfig
{
    /// <summary>This field is required.</summary>
    public required Guid Id { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    /// <summary>The PEM of one CA certificate. This field is required.</summary>
    public required string Cert { get; init; }

    /// <summary>Lower-case hex SHA-256 of the certificate's DER.</summary>
    public string? CertDigest { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }
}
