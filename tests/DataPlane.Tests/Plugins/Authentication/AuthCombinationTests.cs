using System.Net;
using System.Security.Cryptography.X509Certificates;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.BasicAuth;
using HybridGateway.Shared.Plugins.MtlsAuth;
using HybridGateway.Tests.Common;
using static HybridGateway.DataPlane.Tests.Plugins.BasicAuth.BasicAuthTests;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Plugins.Authentication;

/// <summary>
/// Several authentication plugins on one route, as Kong combines them (reference §3.4, Kong's multi-plugin specs):
/// they run by priority (mtls-auth 1600, jwt 1450, key-auth 1250, basic-auth 1100). Without <c>anonymous</c> every plugin must pass
/// (logical AND; the last one to run names the consumer). With <c>anonymous</c> on each, the first to succeed wins
/// and the later ones skip (logical OR); when none succeeds the request goes on as the anonymous consumer.
/// </summary>
[NonParallelizable]
public sealed class AuthCombinationTests
{
    private const string JwtSecret = "jwt-secret-0123456789abcdef";

    private static readonly ConsumerConfig JwtUser = new() { Id = Guid.NewGuid(), Username = "jwt-user" };
    private static readonly ConsumerConfig KeyUser = new() { Id = Guid.NewGuid(), Username = "key-user" };
    private static readonly ConsumerConfig BasicUser = new() { Id = Guid.NewGuid(), Username = "basic-user" };
    private static readonly ConsumerConfig Guest = new() { Id = Guid.NewGuid(), Username = "guest" };
    private static readonly JwtSecretConfig JwtCredential = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(JwtUser.Id), Key = "jwt-iss", Secret = JwtSecret, Algorithm = "HS256" };
    private static readonly KeyAuthCredentialConfig KeyCredential = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(KeyUser.Id), Key = "the-api-key" };
    private static readonly BasicAuthCredentialConfig BasicCredential = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(BasicUser.Id), Username = "basic-login", Password = BasicAuthPasswords.Hash("pw") };

    private static readonly ConsumerConfig CertUser = new() { Id = Guid.NewGuid(), Username = "cert-user" };
    private static readonly X509Certificate2 Ca = TestCertificates.CreateCa("CN=Combination CA");
    private static readonly CaCertificateConfig CaEntity = new() { Id = Guid.NewGuid(), Cert = Ca.ExportCertificatePem() };
    private static readonly X509Certificate2 ClientCertificate = TestCertificates.CreateClient(Ca, "CN=cert-user");

    private static readonly string ValidJwt = TestTokens.Hs256(JwtSecret, """{"iss":"jwt-iss"}""");

    private ProxiedNode _proxied = null!;
    private DataPlaneProcess _node = null!;

    [Flags]
    public enum Sent
    {
        None = 0,
        Jwt = 1,
        Key = 2,
        Basic = 4,
        Cert = 8,
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _proxied = await ProxiedNode.StartAsync(Config);
        _node = _proxied.Node;
    }

    [OneTimeTearDown]
    public ValueTask StopAsync() => _proxied.DisposeAsync();

    private static GatewayConfig Config(int upstreamPort)
    {
        var service = Service(port: upstreamPort);
        var routes = new List<RouteConfig>();
        var plugins = new List<PluginConfig>();
        void Combine(string path, string? anonymous, params string[] names)
        {
            var route = Route(service, paths: [path]);
            routes.Add(route);
            plugins.AddRange(names.Select(name => Plugin(name, Defaults(name, anonymous), route: route)));
        }

        Combine("/and/jwt-key", null, "jwt", "key-auth");
        Combine("/and/jwt-basic", null, "jwt", "basic-auth");
        Combine("/and/key-basic", null, "key-auth", "basic-auth");
        Combine("/or/jwt-key", "guest", "jwt", "key-auth");
        Combine("/or/jwt-basic", "guest", "jwt", "basic-auth");
        Combine("/or/all", "guest", "jwt", "key-auth", "basic-auth");
        Combine("/and/mtls-key", null, "mtls-auth", "key-auth");
        Combine("/or/mtls-key", "guest", "mtls-auth", "key-auth");
        return new GatewayConfig
        {
            Services = [service],
            Routes = routes,
            Consumers = [JwtUser, KeyUser, BasicUser, Guest, CertUser],
            CaCertificates = [CaEntity],
            JwtSecrets = [JwtCredential],
            KeyAuthCredentials = [KeyCredential],
            BasicAuthCredentials = [BasicCredential],
            Plugins = plugins,
        };
    }

    // X-Credential-Identifier, as Kong: the jwt credential's key, the key-auth credential's id, the basic-auth username.
    // AND: every plugin must pass; the last to run (lowest priority) names the consumer and the credential.
    [TestCase("/and/jwt-key", Sent.Jwt | Sent.Key, "key-user")]
    [TestCase("/and/jwt-key", Sent.Jwt, null)]
    [TestCase("/and/jwt-key", Sent.Key, null)]
    [TestCase("/and/jwt-key", Sent.None, null)]
    [TestCase("/and/jwt-basic", Sent.Jwt | Sent.Basic, "basic-user")]
    [TestCase("/and/jwt-basic", Sent.Basic, null)]
    [TestCase("/and/jwt-basic", Sent.Jwt, null)]
    [TestCase("/and/key-basic", Sent.Key | Sent.Basic, "basic-user")]
    [TestCase("/and/key-basic", Sent.Key, null)]

    // OR: the first plugin (by priority) that succeeds wins; none succeeding means the anonymous consumer.
    [TestCase("/or/jwt-key", Sent.Jwt | Sent.Key, "jwt-user")]
    [TestCase("/or/jwt-key", Sent.Jwt, "jwt-user")]
    [TestCase("/or/jwt-key", Sent.Key, "key-user")]
    [TestCase("/or/jwt-key", Sent.None, "guest")]
    [TestCase("/or/jwt-basic", Sent.Basic, "basic-user")]
    [TestCase("/or/jwt-basic", Sent.Jwt | Sent.Basic, "jwt-user")]
    [TestCase("/or/all", Sent.Basic, "basic-user")]
    [TestCase("/or/all", Sent.Key | Sent.Basic, "key-user")]
    [TestCase("/or/all", Sent.None, "guest")]

    // mtls-auth runs first (1600): over the TLS listener, with or without a client certificate.
    [TestCase("/and/mtls-key", Sent.Cert | Sent.Key, "key-user")]
    [TestCase("/and/mtls-key", Sent.Cert, null)]
    [TestCase("/and/mtls-key", Sent.Key, null)]
    [TestCase("/or/mtls-key", Sent.Cert | Sent.Key, "cert-user")]
    [TestCase("/or/mtls-key", Sent.Cert, "cert-user")]
    [TestCase("/or/mtls-key", Sent.Key, "key-user")]
    [TestCase("/or/mtls-key", Sent.None, "guest")]
    public async Task Combination(string path, Sent sent, string? expectedConsumer)
    {
        using var tls = path.Contains("mtls", StringComparison.Ordinal) ? _node.TlsClient(sent.HasFlag(Sent.Cert) ? ClientCertificate : null) : null;
        var response = await Send(tls, $"{path}/x", r =>
        {
            // jwt reads Authorization: Bearer, basic-auth Proxy-Authorization, so all three can travel together.
            if (sent.HasFlag(Sent.Jwt))
            {
                r.Headers.Add("Authorization", $"Bearer {ValidJwt}");
            }

            if (sent.HasFlag(Sent.Key))
            {
                r.Headers.Add("apikey", KeyCredential.Key);
            }

            if (sent.HasFlag(Sent.Basic))
            {
                r.Headers.Add("Proxy-Authorization", Basic("basic-login", "pw"));
            }

            r.Headers.Add("X-Anonymous-Consumer", "spoofed");
            r.Headers.Add("X-Consumer-Username", "spoofed");
        });

        if (expectedConsumer is null)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var headers = (await response.ReadJsonAsync()).GetProperty("headers");
        Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo(expectedConsumer));
        var expectedCredential = expectedConsumer switch
        {
            "jwt-user" => JwtCredential.Key,
            "key-user" => KeyCredential.Id.ToString(),
            "basic-user" => "basic-login",
            "cert-user" => "CN=cert-user",
            _ => null,
        };
        if (expectedCredential is null)
        {
            Assert.That(headers.GetProperty("x-anonymous-consumer").GetString(), Is.EqualTo("true"));
            Assert.That(headers.TryGetProperty("x-credential-identifier", out _), Is.False);
        }
        else
        {
            Assert.That(headers.TryGetProperty("x-anonymous-consumer", out _), Is.False, "cleared, so a client cannot claim it");
            Assert.That(headers.GetProperty("x-credential-identifier").GetString(), Is.EqualTo(expectedCredential));
        }
    }

    private Task<HttpResponseMessage> Send(HttpClient? tls, string path, Action<HttpRequestMessage> configure)
    {
        if (tls is null)
        {
            return _node.GetAsync(path, configure);
        }

        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_node.ProxyTls, path));
        configure(request);
        return tls.SendAsync(request);
    }

    private static object Defaults(string plugin, string? anonymous) => plugin switch
    {
        "mtls-auth" => new MtlsAuthOptions { CaCertificates = [CaEntity.Id], Anonymous = anonymous },
        "jwt" => new
        {
            uri_param_names = new[] { "jwt" },
            cookie_names = Array.Empty<string>(),
            header_names = new[] { "authorization" },
            key_claim_name = "iss",
            secret_is_base64 = false,
            claims_to_verify = (string[]?)null,
            anonymous,
            run_on_preflight = true,
            maximum_expiration = 0,
            realm = (string?)null,
        },
        "key-auth" => new
        {
            key_names = new[] { "apikey" },
            hide_credentials = false,
            anonymous,
            key_in_header = true,
            key_in_query = true,
            key_in_body = false,
            run_on_preflight = true,
            realm = (string?)null,
        },
        _ => (object)new { anonymous, hide_credentials = false, realm = "service" },
    };
}
