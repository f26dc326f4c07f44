using System.Security.Cryptography.X509Certificates;
using HybridGateway.DataPlane.Plugins.MtlsAuth;

namespace HybridGateway.DataPlane.Tests.Plugins.MtlsAuth;

/// <summary>
/// Certificate names against certificates made by OpenSSL (<c>openssl req -x509 -subj … -addext subjectAltName=…</c>),
/// so the expected strings are OpenSSL's own rendering, not ours.
/// </summary>
public sealed class CertificateNamesTests
{
    // openssl req -x509 -subj "/C=US/ST=California/O=Kong Inc./OU=Konnect/CN=kong/emailAddress=contact@konghq.com":
    // the subject of the Konnect README's 01.pem (reference §2.7); `openssl x509 -subject` prints
    // "C = US, ST = California, O = Kong Inc., OU = Konnect, CN = kong, emailAddress = contact@konghq.com".
    private const string KonnectSubjectPem = """
-----BEGIN CERTIFICATE-----
MIICSTCCAe+gAwIBAgIUdCoeU0YeRIa31DvRGUHSJFoykAwwCgYIKoZIzj0EAwIw
ejELMAkGA1UEBhMCVVMxEzARBgNVBAgMCkNhbGlmb3JuaWExEjAQBgNVBAoMCUtv
bmcgSW5jLjEQMA4GA1UECwwHS29ubmVjdDENMAsGA1UEAwwEa29uZzEhMB8GCSqG
SIb3DQEJARYSY29udGFjdEBrb25naHEuY29tMB4XDTI2MTEyMzE2MDkzM1oXDTI2
MTEyNDE2MDkzM1owejELMAkGA1UEBhMCVVMxEzARBgNVBAgMCkNhbGlmb3JuaWEx
EjAQBgNVBAoMCUtvbmcgSW5jLjEQMA4GA1UECwwHS29ubmVjdDENMAsGA1UEAwwE
a29uZzEhMB8GCSqGSIb3DQEJARYSY29udGFjdEBrb25naHEuY29tMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAERUp7/8rEnvWdYp4DX4NEVDpIMgO/mzEd1awr8clV
AUowxnqNmR0LnKqbHN4YB1KkkUw8YuOT46GVX1n2kzIGB6NTMFEwHQYDVR0OBBYE
FFiGh+W72G4A6X45w5efmj4CCC5HMB8GA1UdIwQYMBaAFFiGh+W72G4A6X45w5ef
mj4CCC5HMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgR3qntH1X
wNp26aCyCn4/IfTnQw0aPP4ig7cq6Nx9shECIQC5VyIgQ4/yt2HXnC74NqjZkMGg
NZcWVUWim/VUg6kx6A==
-----END CERTIFICATE-----
""";

    // openssl req -x509 -subj "/DC=org/DC=example/O=Acme/CN=svc/serialNumber=42/UID=u-1"
    //   -addext "subjectAltName=DNS:svc.example.org,email:svc@example.org,URI:spiffe://example.org/svc,IP:10.0.0.1"
    private const string SansPem = """
-----BEGIN CERTIFICATE-----
MIICfjCCAiSgAwIBAgIUHV2DD7L/eIvIED/UW88H6WGs74cwCgYIKoZIzj0EAwIw
bTETMBEGCgmSJomT8ixkARkWA29yZzEXMBUGCgmSJomT8ixkARkWB2V4YW1wbGUx
DTALBgNVBAoMBEFjbWUxDDAKBgNVBAMMA3N2YzELMAkGA1UEBRMCNDIxEzARBgoJ
kiaJk/IsZAEBDAN1LTEwHhcNMjYxMTIzMTYwOTQ0WhcNMzYxMTIwMTYwOTQ0WjBt
MRMwEQYKCZImiZPyLGQBGRYDb3JnMRcwFQYKCZImiZPyLGQBGRYHZXhhbXBsZTEN
MAsGA1UECgwEQWNtZTEMMAoGA1UEAwwDc3ZjMQswCQYDVQQFEwI0MjETMBEGCgmS
JomT8ixkAQEMA3UtMTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABDNxNR1jDhNy
bHGFI4imEhXMiMnM7L6sgi0PdxD08law86ANplxtsGsVBDz1kOvXt01G76KKRuqc
2PIZGo0njLijgaEwgZ4wHQYDVR0OBBYEFEBhvy23A8kql17CTMA1xS686rvRMB8G
A1UdIwQYMBaAFEBhvy23A8kql17CTMA1xS686rvRMA8GA1UdEwEB/wQFMAMBAf8w
SwYDVR0RBEQwQoIPc3ZjLmV4YW1wbGUub3JngQ9zdmNAZXhhbXBsZS5vcmeGGHNw
aWZmZTovL2V4YW1wbGUub3JnL3N2Y4cECgAAATAKBggqhkjOPQQDAgNIADBFAiEA
+6vfpgFqZl8UD/BFnkccFMSXoDkuvSRH7plM9R4Xc7ICIGW8jptSxZ8OriNhC+9v
XQaxoZ6XJv0KnOSwb5NVJWnt
-----END CERTIFICATE-----
""";

    // openssl req -x509 -multivalue-rdn -subj "/DC=org/O=Acme/CN=svc+UID=u-1"
    private const string MultiValuedPem = """
-----BEGIN CERTIFICATE-----
MIIB3jCCAYWgAwIBAgIUcW5g8gVaUYy/B7NOr+lGn2OSGWowCgYIKoZIzj0EAwIw
RTETMBEGCgmSJomT8ixkARkWA29yZzENMAsGA1UECgwEQWNtZTEfMAoGA1UEAwwD
c3ZjMBEGCgmSJomT8ixkAQEMA3UtMTAeFw0yNjExMjMxNjU0MTVaFw0zNjExMjAx
NjU0MTVaMEUxEzARBgoJkiaJk/IsZAEZFgNvcmcxDTALBgNVBAoMBEFjbWUxHzAK
BgNVBAMMA3N2YzARBgoJkiaJk/IsZAEBDAN1LTEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARHdXd8hK4Soxdutgg9fHata5ZbI9ZWMZpmqjbMJc5ZlQKIMTpfmAmE
rMT5foF/0IViu4IqWqa0nNzvF4rFtiDRo1MwUTAdBgNVHQ4EFgQUjDu8hMCtqN/w
XfELVcbAmGUMqUQwHwYDVR0jBBgwFoAUjDu8hMCtqN/wXfELVcbAmGUMqUQwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAvZTx/nM+qDVIw97F6KxHh
gXercdamg4LBb49IagnE1AIgd7M85uPW3Y5lcjfSPMfLvNvQw2519NZhgyRxbvcE
DgQ=
-----END CERTIFICATE-----
""";

    [Test]
    public void SubjectDn_MultiValuedRdn_EachAttributeAsItsOwnPart_AsOpenSslListsThem()
    {
        using var certificate = X509Certificate2.CreateFromPem(MultiValuedPem);

        Assert.That(CertificateNames.SubjectDn(certificate.SubjectName), Is.EqualTo("DC=org, O=Acme, CN=svc, UID=u-1"));
    }

    [Test]
    public void SubjectDn_KonnectReadmeSubject_RendersAsXCustomJwtDoes()
    {
        using var certificate = X509Certificate2.CreateFromPem(KonnectSubjectPem);

        Assert.That(CertificateNames.SubjectDn(certificate.SubjectName), Is.EqualTo("C=US, ST=California, O=Kong Inc., OU=Konnect, CN=kong, emailAddress=contact@konghq.com"));
        Assert.That(CertificateNames.CommonName(certificate.SubjectName), Is.EqualTo("kong"));
        Assert.That(CertificateNames.SubjectAlternativeNames(certificate), Is.Empty);
    }

    [Test]
    public void SubjectDn_DomainComponentsSerialNumberAndUid_UseOpenSslShortNames()
    {
        using var certificate = X509Certificate2.CreateFromPem(SansPem);

        Assert.That(CertificateNames.SubjectDn(certificate.SubjectName), Is.EqualTo("DC=org, DC=example, O=Acme, CN=svc, serialNumber=42, UID=u-1"));
    }

    [Test]
    public void SubjectAlternativeNames_DnsEmailUriAndIp_InCertificateOrder()
    {
        using var certificate = X509Certificate2.CreateFromPem(SansPem);

        Assert.That(CertificateNames.SubjectAlternativeNames(certificate), Is.EqualTo(new[] { "svc.example.org", "svc@example.org", "spiffe://example.org/svc", "10.0.0.1" }));
    }

    [Test]
    public void SubjectDn_UnknownAttribute_FallsBackToTheDottedOid()
    {
        var name = new X500DistinguishedNameBuilder();
        name.Add("1.2.3.4", "custom");
        name.AddCommonName("svc");

        Assert.That(CertificateNames.SubjectDn(name.Build()), Is.EqualTo("CN=svc, 1.2.3.4=custom"));
    }
}
