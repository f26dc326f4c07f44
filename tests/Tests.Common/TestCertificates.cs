using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HybridGateway.Tests.Common;

/// <summary>
/// CA and client certificates made in the test with .NET's <see cref="CertificateRequest"/>, and HTTP clients that
/// present one over TLS to a data plane whose self-signed server certificate the test pins.
/// </summary>
public static class TestCertificates
{
    /// <summary>The subject of the Konnect README's client certificate <c>01.pem</c> (reference §2.7), RDNs in that order.</summary>
    public static X500DistinguishedName KonnectClientSubject()
    {
        // The builder encodes the last RDN added first (its Name reads most-specific first): add them backwards.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddEmailAddress("contact@konghq.com");
        builder.AddCommonName("kong");
        builder.AddOrganizationalUnitName("Konnect");
        builder.AddOrganizationName("Kong Inc.");
        builder.AddStateOrProvinceName("California");
        builder.AddCountryOrRegion("US");
        return builder.Build();
    }

    /// <summary>How x-custom-jwt renders that subject as <c>client_id</c> (reference §2.4).</summary>
    public const string KonnectClientDn = "C=US, ST=California, O=Kong Inc., OU=Konnect, CN=kong, emailAddress=contact@konghq.com";

    /// <summary>A CA certificate (basic constraints CA:true, keyCertSign) with its key, self-signed unless <paramref name="issuer"/> is given.</summary>
    public static X509Certificate2 CreateCa(string subject, X509Certificate2? issuer = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, bool isCa = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(isCa ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var to = notAfter ?? DateTimeOffset.UtcNow.AddYears(5);
        if (issuer is null)
        {
            return Exportable(request.CreateSelfSigned(from, to));
        }

        using var signed = request.Create(issuer, from, to, RandomNumberGenerator.GetBytes(12));
        return Exportable(signed.CopyWithPrivateKey(key));
    }

    /// <summary>A client certificate issued by <paramref name="issuer"/>, with optional DNS and e-mail SANs.</summary>
    public static X509Certificate2 CreateClient(X509Certificate2 issuer, string subject, string[]? dnsNames = null, string[]? emails = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        CreateClient(issuer, new X500DistinguishedName(subject), dnsNames, emails, notBefore, notAfter);

    /// <summary>A client certificate issued by <paramref name="issuer"/>, with optional DNS and e-mail SANs.</summary>
    public static X509Certificate2 CreateClient(X509Certificate2 issuer, X500DistinguishedName subject, string[]? dnsNames = null, string[]? emails = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        if (dnsNames is { Length: > 0 } || emails is { Length: > 0 })
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var dns in dnsNames ?? [])
            {
                names.AddDnsName(dns);
            }

            foreach (var email in emails ?? [])
            {
                names.AddEmailAddress(email);
            }

            request.CertificateExtensions.Add(names.Build());
        }

        // Never outlive the issuer: .NET refuses to sign past its validity.
        var from = notBefore ?? DateTimeOffset.UtcNow.AddHours(-1);
        var to = notAfter ?? issuer.NotAfter.ToUniversalTime().AddMinutes(-1);
        using var signed = request.Create(issuer, from, to, RandomNumberGenerator.GetBytes(12));
        return Exportable(signed.CopyWithPrivateKey(key));
    }

    /// <summary>
    /// A client for a TLS listener that presents <paramref name="clientCertificate"/> (if any) and trusts exactly the
    /// server certificate in <paramref name="serverCertificatePem"/> (the node's self-signed one).
    /// </summary>
    public static HttpClient TlsClient(string serverCertificatePem, X509Certificate2? clientCertificate = null)
    {
        using var server = X509Certificate2.CreateFromPem(serverCertificatePem);
        var pinned = server.GetCertHashString(HashAlgorithmName.SHA256);
        var handler = new HttpClientHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString(HashAlgorithmName.SHA256) == pinned,
        };
        if (clientCertificate is not null)
        {
            handler.ClientCertificates.Add(clientCertificate);
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }

    // Keys made in memory are re-imported through PKCS#12 so TLS can use them as client credentials on every platform.
    private static X509Certificate2 Exportable(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
