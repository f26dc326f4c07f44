using System.Security.Cryptography.X509Certificates;
using HybridGateway.DataPlane.Plugins.Authentication;
using HybridGateway.DataPlane.Plugins.MtlsAuth;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.MtlsAuth;
using HybridGateway.Tests.Common;

namespace HybridGateway.DataPlane.Tests.Plugins.MtlsAuth;

/// <summary>The per-version verification cache: results per certificate for cert_cache_ttl, never past the certificate's expiry.</summary>
public sealed class MtlsAuthVerifierTests
{
    private static readonly X509Certificate2 Ca = TestCertificates.CreateCa("CN=Verifier CA");
    private static readonly CaCertificateConfig CaEntity = new() { Id = Guid.NewGuid(), Cert = Ca.ExportCertificatePem() };
    private static readonly ConsumerDirectory Directory = ConsumerDirectory.Build(new GatewayConfig { CaCertificates = [CaEntity] });

    [Test]
    public void KnownCertificate_ServedFromTheCache_UntilTheTtl()
    {
        var verifier = new MtlsAuthVerifier(Directory, new MtlsAuthOptions { CaCertificates = [CaEntity.Id], CertCacheTtl = 60_000 });
        var certificate = TestCertificates.CreateClient(Ca, "CN=alice");
        var now = DateTimeOffset.UtcNow;

        var first = verifier.Verify(certificate, now);
        var cached = verifier.Verify(certificate, now.AddSeconds(30));
        var rebuilt = verifier.Verify(certificate, now.AddSeconds(61));

        Assert.That(first, Is.Not.Null);
        Assert.That(first!.SubjectDn, Is.EqualTo("CN=alice"));
        Assert.That(cached, Is.SameAs(first));
        Assert.That(rebuilt, Is.Not.SameAs(first), "built again after the TTL");
        Assert.That(rebuilt!.SubjectDn, Is.EqualTo(first.SubjectDn));
    }

    [Test]
    public void CachedSuccess_NeverOutlivesTheCertificate()
    {
        var verifier = new MtlsAuthVerifier(Directory, new MtlsAuthOptions { CaCertificates = [CaEntity.Id], CertCacheTtl = 3_600_000 });
        var now = DateTimeOffset.UtcNow;
        var certificate = TestCertificates.CreateClient(Ca, "CN=short", notAfter: now.AddMinutes(10));

        Assert.That(verifier.Verify(certificate, now), Is.Not.Null);
        Assert.That(verifier.Verify(certificate, now.AddMinutes(20)), Is.Null, "expired by then, although the TTL is an hour");
    }

    [Test]
    public void NoCaOfTheConfigLoaded_VerifiesNothing()
    {
        var verifier = new MtlsAuthVerifier(Directory, new MtlsAuthOptions { CaCertificates = [Guid.NewGuid()] });

        Assert.That(verifier.Verify(TestCertificates.CreateClient(Ca, "CN=alice"), DateTimeOffset.UtcNow), Is.Null);
    }
}
