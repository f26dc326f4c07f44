using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;
using HybridGateway.DataPlane.Plugins.Authentication;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.MtlsAuth;

namespace HybridGateway.DataPlane.Plugins.MtlsAuth;

/// <summary>What a verified client certificate says: its subject DN (Kong's rendering), SANs and CN.</summary>
internal sealed record CertificateIdentity(string SubjectDn, IReadOnlyList<string> AlternativeNames, string? CommonName)
{
    /// <summary>The names a consumer is looked up by, in Kong's order: the SANs, then the CN. Built once, with the identity.</summary>
    public IReadOnlyList<string> LookupNames { get; } = CommonName is null ? AlternativeNames : [.. AlternativeNames, CommonName];

    public static CertificateIdentity Of(X509Certificate2 certificate) =>
        new(CertificateNames.SubjectDn(certificate.SubjectName), CertificateNames.SubjectAlternativeNames(certificate), CertificateNames.CommonName(certificate.SubjectName));
}

/// <summary>
/// One mtls-auth instance's trust for one config version: the CAs its config names, taken from the version's parsed
/// <c>ca_certificates</c>, the consumer indexes its <c>consumer_by</c> names, and the verification results of the
/// certificates it has seen (by SHA-256 thumbprint, for <c>cert_cache_ttl</c>), with the names of those that verified. A new certificate costs one chain build and one
/// reading of its names; a known one, a hash and a lookup. It dies with the version.
/// </summary>
internal sealed class MtlsAuthVerifier
{
    /// <summary>Bounds the result cache; a full cache is emptied rather than grown (hostile clients cycling certificates).</summary>
    internal const int MaxCachedResults = 10_000;

    private readonly X509Certificate2Collection _trusted;
    private readonly HashSet<string> _trustedThumbprints;
    private readonly bool _allowPartialChain;
    private readonly TimeSpan _cacheTtl;
    private readonly FrozenDictionary<string, ConsumerConfig>[] _consumerIndexes;
    private readonly ConcurrentDictionary<string, (CertificateIdentity? Identity, DateTimeOffset Until)> _results = new(StringComparer.Ordinal);

    public MtlsAuthVerifier(ConsumerDirectory directory, MtlsAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        _trusted = [.. options.CaCertificates.Select(id => directory.CaCertificates.GetValueOrDefault(id)).OfType<X509Certificate2>()];
        _trustedThumbprints = _trusted.Select(c => c.Thumbprint).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _allowPartialChain = options.AllowPartialChain;
        _cacheTtl = TimeSpan.FromMilliseconds(options.CertCacheTtl);
        _consumerIndexes = [.. options.ConsumerBy.Select(field => field == "custom_id" ? directory.ByCustomId : directory.ByUsername)];
    }

    /// <summary>The first consumer whose <c>consumer_by</c> field equals a SAN, else the CN (Kong's order).</summary>
    public ConsumerConfig? FindConsumer(CertificateIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        foreach (var name in identity.LookupNames)
        {
            foreach (var index in _consumerIndexes)
            {
                if (index.TryGetValue(name, out var consumer))
                {
                    return consumer;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The certificate's names when <paramref name="certificate"/> chains to one of the instance's CAs and every
    /// certificate is valid at <paramref name="now"/>; null when it does not.
    /// </summary>
    public CertificateIdentity? Verify(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var key = Convert.ToHexString(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256));
        if (_results.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Identity;
        }

        var identity = Build(certificate, now) ? CertificateIdentity.Of(certificate) : null;
        if (_cacheTtl > TimeSpan.Zero)
        {
            if (_results.Count >= MaxCachedResults)
            {
                _results.Clear();
            }

            // A result never outlives the certificate's own validity.
            var until = now + _cacheTtl;
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            _results[key] = (identity, identity is not null && notAfter < until ? notAfter : until);
        }

        return identity;
    }

    private bool Build(X509Certificate2 certificate, DateTimeOffset now)
    {
        if (_trusted.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_trusted);

        // Configured intermediates help to build the path; revocation is not fetched (SKIP / IGNORE_CA_ERROR).
        policy.ExtraStore.AddRange(_trusted);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now.UtcDateTime;
        if (chain.Build(certificate))
        {
            return true;
        }

        // allow_partial_chain: a path ending at a configured CA that is not a self-signed root is enough, if that was the only problem.
        return _allowPartialChain
            && chain.ChainStatus.All(s => s.Status is X509ChainStatusFlags.PartialChain or X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.NoError)
            && chain.ChainElements.Skip(1).Any(e => _trustedThumbprints.Contains(e.Certificate.Thumbprint));
    }
}
