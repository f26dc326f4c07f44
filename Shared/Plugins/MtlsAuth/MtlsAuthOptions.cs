namespace HybridGateway.Shared.Plugins.MtlsAuth;

/// <summary>Config of Kong's <c>mtls-auth</c> plugin, read from a validated plugin <c>config</c>.</summary>
public sealed record MtlsAuthOptions
{
    /// <summary>Ids of the <c>ca_certificates</c> a client certificate must chain to. This field is required.</summary>
    public IReadOnlyList<Guid> CaCertificates { get; init; } = [];

    /// <summary>Verify only: no consumer is looked up; the certificate's DN and SANs go upstream as headers.</summary>
    public bool SkipConsumerLookup { get; init; }

    /// <summary><c>CN</c> or <c>DN</c>: what names the authenticated group (accepted for Kong compatibility; no ACL plugin reads it yet).</summary>
    public string AuthenticatedGroupBy { get; init; } = "CN";

    /// <summary>Consumer fields (<c>username</c>, <c>custom_id</c>) the certificate's SANs, then CN, are matched against.</summary>
    public IReadOnlyList<string> ConsumerBy { get; init; } = ["username", "custom_id"];

    /// <summary>A consumer id or username to fall back to when authentication fails.</summary>
    public string? Anonymous { get; init; }

    /// <summary>A consumer id or username used when a certificate verifies but names no consumer.</summary>
    public string? DefaultConsumer { get; init; }

    /// <summary>Trust a configured CA that is itself an intermediate (the chain need not reach a self-signed root).</summary>
    public bool AllowPartialChain { get; init; }

    /// <summary><c>SKIP</c> or <c>IGNORE_CA_ERROR</c>: revocation is not fetched (OCSP/CRL); <c>STRICT</c> is refused by the schema.</summary>
    public string RevocationCheckMode { get; init; } = "IGNORE_CA_ERROR";

    /// <summary>Milliseconds a certificate's verification result is reused for.</summary>
    public double CertCacheTtl { get; init; } = 60_000;

    /// <summary>Accepted for Kong compatibility: the TLS listener advertises no CA names.</summary>
    public bool SendCaDn { get; init; }

    /// <summary>Accepted for Kong compatibility (revocation fetching is not done).</summary>
    public double HttpTimeout { get; init; } = 30_000;
}
