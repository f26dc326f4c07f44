using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using HybridGateway.DataPlane.Plugins.Authentication;
using HybridGateway.Shared.Plugins.MtlsAuth;

namespace HybridGateway.DataPlane.Plugins.MtlsAuth;

/// <summary>
/// One mtls-auth instance's trust for one config version: the CAs its config names, taken from the version's parsed
/// <c>ca_certificates</c>, and the verification results of the certificates it has seen (by SHA-256 thumbprint, for
/// <c>cert_cache_ttl</c>). Only the chain build runs per new certificate; it dies with the version.
/// </summary>
internal sealed class MtlsAuthVerifier
{
    /// <summary>Bounds the result cache; a full cache is emptied rather than grown (hostile clients cycling certificates).</summary>
    internal const int MaxCachedResults = 10_000;

    private readonly X509Certificate2Collection _trusted;
    private readonly HashSet<string> _trustedThumbprints;
    private readonly bool _allowPartialChain;
    private readonly TimeSpan _cacheTtl;
    private readonly ConcurrentDictionary<string, (bool Valid, DateTimeOffset Until)> _results = new(StringComparer.Ordinal);

    public MtlsAuthVerifier(ConsumerDirectory directory, MtlsAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        _trusted = [.. options.CaCertificates.Select(id => directory.CaCertificates.GetValueOrDefault(id)).OfType<X509Certificate2>()];
        _trustedThumbprints = _trusted.Select(c => c.Thumbprint).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _allowPartialChain = options.AllowPartialChain;
        _cacheTtl = TimeSpan.FromMilliseconds(options.CertCacheTtl);
    }

    /// <summary>True when <paramref name="certificate"/> chains to one of the instance's CAs and every certificate is valid at <paramref name="now"/>.</summary>
    public bool Verify(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var key = Convert.ToHexString(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256));
        if (_results.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Valid;
        }

        var valid = Build(certificate, now);
        if (_cacheTtl > TimeSpan.Zero)
        {
            if (_results.Count >= MaxCachedResults)
            {
                _results.Clear();
            }

            // A result never outlives the certificate's own validity.
            var until = now + _cacheTtl;
            _results[key] = (valid, valid && certificate.NotAfter.ToUniversalTime() < until ? certificate.NotAfter.ToUniversalTime() : until);
        }

        return valid;
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
