using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using HybridGateway.DataPlane.Tests.Plugins.XCustomJwt;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.MtlsAuth;
using HybridGateway.Tests.Common;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Plugins.MtlsAuth;

/// <summary>
/// mtls-auth on a real data-plane host's TLS listener (loopback, the node's self-signed server certificate pinned)
/// with client certificates made here: chain verification against the configured CAs, Kong's 401s, SAN-then-CN
/// consumer lookup, skip_consumer_lookup headers, anonymous, and the subject DN that x-custom-jwt signs as client_id.
/// </summary>
[NonParallelizable]
public sealed class MtlsAuthTests : ProxiedNodeTest
{
    private static readonly X509Certificate2 Ca = TestCertificates.CreateCa("CN=Test Root CA, O=HybridGateway Tests");
    private static readonly X509Certificate2 OtherCa = TestCertificates.CreateCa("CN=Untrusted CA");
    private static readonly X509Certificate2 Intermediate = TestCertificates.CreateCa("CN=Test Intermediate CA", issuer: Ca);
    private static readonly CaCertificateConfig CaEntity = new() { Id = Guid.NewGuid(), Cert = Ca.ExportCertificatePem() };
    private static readonly CaCertificateConfig IntermediateEntity = new() { Id = Guid.NewGuid(), Cert = Intermediate.ExportCertificatePem() };

    private static readonly ConsumerConfig Alice = new() { Id = Guid.NewGuid(), Username = "alice", CustomId = "alice-id" };
    private static readonly ConsumerConfig Bob = new() { Id = Guid.NewGuid(), Username = "bob-user", CustomId = "bob.example.com" };
    private static readonly ConsumerConfig Guest = new() { Id = Guid.NewGuid(), Username = "guest" };
    private static readonly ConsumerConfig Contact = new() { Id = Guid.NewGuid(), Username = "contact@konghq.com", CustomId = "contact@konghq.com-ID1" };

    private static readonly System.Security.Cryptography.RSA Rsa = System.Security.Cryptography.RSA.Create(2048);

    private protected override GatewayConfig Config(int upstreamPort)
    {
        var service = Service(port: upstreamPort, path: "/anything");
        RouteConfig At(string path) => Route(service, paths: [path]);
        var mtls = At("/mtls");
        var skip = At("/skip");
        var anonymous = At("/anon");
        var open = At("/open");
        var jwt = At("/mtlsAuth");
        var byCustomId = At("/custom");
        var partial = At("/partial");
        var fallback = At("/default");
        var skipThenJwt = At("/skipJwt");
        return new GatewayConfig
        {
            Services = [service],
            Routes = [mtls, skip, anonymous, open, jwt, byCustomId, partial, fallback, skipThenJwt],
            Consumers = [Alice, Bob, Guest, Contact],
            CaCertificates = [CaEntity, IntermediateEntity],
            Plugins =
            [
                Plugin("mtls-auth", Options([CaEntity.Id]), route: mtls),
                Plugin("mtls-auth", Options([CaEntity.Id]) with { SkipConsumerLookup = true }, route: skip),
                Plugin("mtls-auth", Options([CaEntity.Id]) with { Anonymous = Guest.Username }, route: anonymous),
                Plugin("mtls-auth", Options([CaEntity.Id]), route: jwt),
                Plugin("mtls-auth", Options([CaEntity.Id]) with { SkipConsumerLookup = true }, route: skipThenJwt),
                Plugin("x-custom-jwt", XCustomJwt(), route: skipThenJwt),
                Plugin("x-custom-jwt", XCustomJwt(), route: jwt),
                Plugin("mtls-auth", Options([CaEntity.Id]) with { ConsumerBy = ["custom_id"] }, route: byCustomId),
                Plugin("mtls-auth", Options([IntermediateEntity.Id]) with { AllowPartialChain = true }, route: partial),
                Plugin("mtls-auth", Options([CaEntity.Id]) with { DefaultConsumer = Guest.Id.ToString() }, route: fallback),
            ],
        };
    }

    [Test]
    public async Task TrustedCertificate_CnNamesTheUsername_ConsumerHeadersAndDnAsCredential()
    {
        using var client = Node.TlsClient(TestCertificates.CreateClient(Ca, "CN=alice, O=Example, C=FR"));
        var response = await client.GetAsync(new Uri(Node.ProxyTls, "/mtls/x"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var headers = (await response.ReadJsonAsync()).GetProperty("headers");
        Assert.That(headers.GetProperty("x-consumer-id").GetString(), Is.EqualTo(Alice.Id.ToString()));
        Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo("alice"));
        Assert.That(headers.GetProperty("x-consumer-custom-id").GetString(), Is.EqualTo("alice-id"));
        Assert.That(headers.GetProperty("x-credential-identifier").GetString(), Is.EqualTo("C=FR, O=Example, CN=alice"), "the subject DN, RDNs in certificate order (.NET's text puts the first RDN last)");
    }

    [Test]
    public async Task SanIsMatchedBeforeTheCn()
    {
        using var client = Node.TlsClient(TestCertificates.CreateClient(Ca, "CN=alice", dnsNames: ["bob-user"]));
        var response = await client.GetAsync(new Uri(Node.ProxyTls, "/mtls/x"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.ReadJsonAsync()).GetProperty("headers").GetProperty("x-consumer-username").GetString(), Is.EqualTo("bob-user"));
    }

    [Test]
    public async Task ConsumerByCustomId_MatchesTheCustomIdOnly()
    {
        using var bob = Node.TlsClient(TestCertificates.CreateClient(Ca, "CN=bob.example.com"));
        using var alice = Node.TlsClient(TestCertificates.CreateClient(Ca, "CN=alice"));

        var byCustomId = await bob.GetAsync(new Uri(Node.ProxyTls, "/custom/x"));
        var byUsername = await alice.GetAsync(new Uri(Node.ProxyTls, "/custom/x"));

        Assert.That((await byCustomId.ReadJsonAsync()).GetProperty("headers").GetProperty("x-consumer-id").GetString(), Is.EqualTo(Bob.Id.ToString()));
        Assert.That(byUsername.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "alice is a username, and consumer_by is custom_id only");
    }

    [Test]
    public async Task NoCertificate_401_AndOtherRoutesOnTheTlsPortStillServe()
    {
        using var client = Node.TlsClient();

        var refused = await client.GetAsync(new Uri(Node.ProxyTls, "/mtls/x"));
        var open = await client.GetAsync(new Uri(Node.ProxyTls, "/open/x"));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await Message(refused), Is.EqualTo("No required TLS certificate was sent"));
        Assert.That(open.StatusCode, Is.EqualTo(HttpStatusCode.OK), "no client certificate is required at the TLS layer");
    }

    [Test]
    public async Task PlainHttpPort_HasNoCertificate_401()
    {
        var response = await Node.GetAsync("/mtls/x");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await Message(response), Is.EqualTo("No required TLS certificate was sent"));
    }

    [Test]
    public async Task CertificateOfAnotherCa_401Verification()
    {
        using var client = Node.TlsClient(TestCertificates.CreateClient(OtherCa, "CN=alice"));
        var response = await client.GetAsync(new Uri(Node.ProxyTls, "/mtls/x"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await Message(response), Is.EqualTo("TLS certificate failed verification"));
    }

    [Test]
    public async Task ExpiredCertificate_401Verification()
    {
        var expired = TestCertificates.CreateClient(Ca, "CN=alice", notBefore: DateTimeOffset.UtcNow.AddHours(-12), notAfter: DateTimeOffset.UtcNow.AddHours(-1));
        using var client = Node.TlsClient(expired);
        var response = await client.GetAsync(new Uri(Node.ProxyTls, "/mtls/x"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await Message(response), Is.EqualTo("TLS certificate failed verification"));
    }

    [Test]
    public async Task TrustedCertificateNamingNoConsumer_401_UnlessADefaultConsumer()
    {
        using var client = Node.TlsClient(TestCertificates.CreateClient(Ca, "CN=nobody"));

        var refused = await client.GetAsync(new Uri(Node.ProxyTls, "/mtls/x"));
        var defaulted = await client.GetAsync(new Uri(Node.ProxyTls, "/default/x"));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(defaulted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await defaulted.ReadJsonAsync()).GetProperty("headers").GetProperty("x-consumer-username").GetString(), Is.EqualTo("guest"));
    }

    [Test]
    public async Task SkipConsumerLookup_SendsDnAndSans_NoConsumer_SpoofedHeadersReplaced()
    {
        using var client = Node.TlsClient(TestCertificates.CreateClient(Ca, "CN=svc, O=Example", dnsNames: ["svc.example.com"], emails: ["ops@example.com"]));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Node.ProxyTls, "/skip/x"));
        request.Headers.Add("X-Client-Cert-Dn", "CN=mallory");
        var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var headers = (await response.ReadJsonAsync()).GetProperty("headers");
        Assert.That(headers.GetProperty("x-client-cert-dn").GetString(), Is.EqualTo("O=Example, CN=svc"));
        Assert.That(headers.GetProperty("x-client-cert-san").GetString(), Is.EqualTo("svc.example.com,ops@example.com"));
        Assert.That(headers.TryGetProperty("x-consumer-id", out _), Is.False);
    }

    [Test]
    public async Task Anonymous_WithoutOrWithABadCertificate_ContinuesAsTheAnonymousConsumer()
    {
        using var none = Node.TlsClient();
        using var bad = Node.TlsClient(TestCertificates.CreateClient(OtherCa, "CN=alice"));
        using var good = Node.TlsClient(TestCertificates.CreateClient(Ca, "CN=alice"));

        foreach (var client in new[] { none, bad })
        {
            var response = await client.GetAsync(new Uri(Node.ProxyTls, "/anon/x"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var headers = (await response.ReadJsonAsync()).GetProperty("headers");
            Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo("guest"));
            Assert.That(headers.GetProperty("x-anonymous-consumer").GetString(), Is.EqualTo("true"));
        }

        var authenticated = await good.GetAsync(new Uri(Node.ProxyTls, "/anon/x"));
        Assert.That((await authenticated.ReadJsonAsync()).GetProperty("headers").GetProperty("x-consumer-username").GetString(), Is.EqualTo("alice"));
    }

    [Test]
    public async Task AllowPartialChain_TrustsAConfiguredIntermediate()
    {
        using var client = Node.TlsClient(TestCertificates.CreateClient(Intermediate, "CN=alice"));
        using var direct = Node.TlsClient(TestCertificates.CreateClient(Ca, "CN=alice"));

        var viaIntermediate = await client.GetAsync(new Uri(Node.ProxyTls, "/partial/x"));
        var notUnderIt = await direct.GetAsync(new Uri(Node.ProxyTls, "/partial/x"));

        Assert.That(viaIntermediate.StatusCode, Is.EqualTo(HttpStatusCode.OK), await viaIntermediate.Content.ReadAsStringAsync());
        Assert.That(notUnderIt.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a certificate the intermediate did not issue");
    }

    [Test]
    public async Task XCustomJwt_ClientIdIsTheSubjectDn_InOpenSslShortNames()
    {
        var certificate = TestCertificates.CreateClient(Ca, TestCertificates.KonnectClientSubject(), emails: ["contact@konghq.com"]);
        using var client = Node.TlsClient(certificate);
        var response = await client.GetAsync(new Uri(Node.ProxyTls, "/mtlsAuth/x"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var token = (await response.ReadJsonAsync()).GetProperty("headers").GetProperty("x-custom-jwt").GetString()!;
        var parts = token.Split('.');
        Assert.That(Rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1), Is.True);
        var claims = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).RootElement;
        Assert.That(claims.GetProperty("client_id").GetString(), Is.EqualTo("C=US, ST=California, O=Kong Inc., OU=Konnect, CN=kong, emailAddress=contact@konghq.com"));
        Assert.That(claims.GetProperty("act").GetProperty("client_id").GetString(), Is.EqualTo("contact@konghq.com-ID1"), "found by the e-mail SAN");
    }

    [Test]
    public async Task SkipConsumerLookup_ThenXCustomJwt_401NoConsumer()
    {
        using var client = Node.TlsClient(TestCertificates.CreateClient(Ca, "CN=alice"));
        var response = await client.GetAsync(new Uri(Node.ProxyTls, "/skipJwt/x"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("There is no Kong consumer credential"));
    }

    // The Konnect walkthrough's x-custom-jwt config (reference §2.8), as the x-custom-jwt tests use it.
    private static object XCustomJwt() => XCustomJwtTests.Options(TestJwks.Rsa(Rsa, "RS256", "kong"));

    private static MtlsAuthOptions Options(Guid[] caCertificates) => new() { CaCertificates = caCertificates };

    private static async Task<string?> Message(HttpResponseMessage response) =>
        (await response.ReadJsonAsync()).GetProperty("message").GetString();
}
