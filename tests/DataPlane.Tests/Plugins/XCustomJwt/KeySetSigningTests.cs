using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.BasicAuth;
using static HybridGateway.DataPlane.Tests.Plugins.BasicAuth.BasicAuthTests;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Plugins.XCustomJwt;

/// <summary>
/// x-custom-jwt and upstream-jwt signing with a key set's keys, and the set's public JWKS on the status port: during a rotation the
/// set holds the previous and the next key, tokens signed with either verify against the one published JWKS, and a
/// symmetric key in the set is never published.
/// </summary>
[NonParallelizable]
public sealed class KeySetSigningTests : ProxiedNodeTest
{
    private static readonly RSA Previous = RSA.Create(2048);
    private static readonly RSA Next = RSA.Create(2048);
    private static readonly KeySetConfig Set = new() { Id = Guid.NewGuid(), Name = "signing" };
    private static readonly ConsumerConfig Alice = new() { Id = Guid.NewGuid(), Username = "alice" };

    private protected override GatewayConfig Config(int upstreamPort)
    {
        var service = Service(port: upstreamPort) with { Name = "orders" };
        var routes = new[] { "/previous", "/next", "/newest", "/unknown-kid", "/upstream-previous", "/upstream-newest" }.Select(p => Route(service, paths: [p])).ToArray();
        object UpstreamJwt(string? keyId) => new
        {
            issuer = (string?)null,
            private_key_location = (string?)null,
            key_set = "signing",
            public_key_location = (string?)null,
            key_id = keyId,
            header = "JWT",
            include_credential_type = false,
            algorithm = (string?)null,
            expires_in = 60,
            max_body_size = 1024,
        };
        object Options(string? kid) => new
        {
            iss = "https://gateway.example/x-custom-jwt",
            jku = "https://gateway.example/key-sets/signing/jwks",
            private_jwk = (string?)null,
            key_set = "signing",
            kid,
            expires_in = 300,
            upstream_custom_jwt_header = "X-Custom-Jwt",
            downstream_custom_jwt_header = (string?)null,
            apikey_header = "apikey",
            bearer_clientid_claim = "clientId",
            verbose = true,
        };
        var jwksRoute = Route(paths: ["/.well-known/jwks.json"]);
        return new GatewayConfig
        {
            Services = [service],
            Routes = [.. routes, jwksRoute],
            Consumers = [Alice],
            BasicAuthCredentials = [new BasicAuthCredentialConfig { Id = Guid.NewGuid(), Consumer = new EntityRef(Alice.Id), Username = "alice", Password = BasicAuthPasswords.Hash("pw") }],
            KeySets = [Set],
            Keys =
            [
                // Oldest first: a symmetric key (never published), the previous key as a JWK, the next one as PEM.
                new KeyConfig { Id = Guid.NewGuid(), CreatedAt = 1, Set = new EntityRef(Set.Id), Kid = "hs", Jwk = TestJwks.Oct(RandomNumberGenerator.GetBytes(32), "HS256", "hs") },
                new KeyConfig { Id = Guid.NewGuid(), CreatedAt = 2, Set = new EntityRef(Set.Id), Kid = "2026-10", Jwk = TestJwks.Rsa(Previous, "RS256", "2026-10") },
                new KeyConfig { Id = Guid.NewGuid(), CreatedAt = 3, Set = new EntityRef(Set.Id), Kid = "2026-11", Pem = new KeyPemConfig { PrivateKey = Next.ExportPkcs8PrivateKeyPem() } },
            ],
            Plugins =
            [
                .. routes.Select(r => Plugin("basic-auth", new { anonymous = (string?)null, hide_credentials = false, realm = "service" }, route: r)),
                Plugin("x-custom-jwt", Options("2026-10"), route: routes[0]),
                Plugin("x-custom-jwt", Options("2026-11"), route: routes[1]),
                Plugin("x-custom-jwt", Options(null), route: routes[2]),
                Plugin("x-custom-jwt", Options("retired-long-ago"), route: routes[3]),
                Plugin("upstream-jwt", UpstreamJwt("2026-10"), route: routes[4]),
                Plugin("upstream-jwt", UpstreamJwt(null), route: routes[5]),
                Plugin("jwks", new { key_set = "signing", max_age = 600 }, route: jwksRoute),
                Plugin("cors", new { origins = new[] { "*" }, headers = (string[]?)null, exposed_headers = (string[]?)null, methods = new[] { "GET", "HEAD", "OPTIONS" }, max_age = (double?)null, credentials = false, private_network = false, preflight_continue = false, allow_origin_absent = true }, route: jwksRoute),
            ],
        };
    }

    [Test]
    public async Task TokensOfThePreviousAndTheNextKey_BothVerifyAgainstThePublishedJwks()
    {
        var jwks = await Node.Client.GetAsync(new Uri(Node.Status, "/key-sets/signing/jwks"));
        Assert.That(jwks.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(jwks.Headers.CacheControl!.MaxAge, Is.EqualTo(TimeSpan.FromMinutes(5)));
        var keys = JsonDocument.Parse(await jwks.Content.ReadAsStringAsync()).RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.That(keys.Select(k => k.GetProperty("kid").GetString()), Is.EqualTo(new[] { "2026-10", "2026-11" }), "both RSA keys, never the symmetric one");
        Assert.That(keys.All(k => !k.TryGetProperty("d", out _)), Is.True);

        foreach (var (path, kid, header) in new[] { ("/previous", "2026-10", "x-custom-jwt"), ("/next", "2026-11", "x-custom-jwt"), ("/newest", "2026-11", "x-custom-jwt"), ("/upstream-previous", "2026-10", "jwt"), ("/upstream-newest", "2026-11", "jwt") })
        {
            var token = await TokenAsync(path, header);
            var parts = token.Split('.');
            var jose = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0])).RootElement;
            Assert.That(jose.GetProperty("kid").GetString(), Is.EqualTo(kid), path);
            var jwk = keys.Single(k => k.GetProperty("kid").GetString() == kid);
            using var rsa = RSA.Create(new RSAParameters
            {
                Modulus = System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()),
                Exponent = System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("e").GetString()),
            });
            var valid = rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            Assert.That(valid, Is.True, $"{path}: verifies with the published key {kid}");
        }
    }

    [Test]
    public async Task Jwks_ByIdToo_AndRevalidatedWithItsETag()
    {
        var first = await Node.Client.GetAsync(new Uri(Node.Status, $"/key-sets/{Set.Id}/jwks"));
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(Node.Status, "/key-sets/signing/jwks"));
        again.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(first.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/jwk-set+json"));
        Assert.That((await Node.Client.SendAsync(again)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That((await Node.Client.GetAsync(new Uri(Node.Status, "/key-sets/nope/jwks"))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task JwksPlugin_PublishesTheSameKeysAtTheRoutesPath_WithCors()
    {
        var status = await (await Node.Client.GetAsync(new Uri(Node.Status, "/key-sets/signing/jwks"))).Content.ReadAsStringAsync();
        var proxied = await Node.GetAsync("/.well-known/jwks.json", r => r.Headers.Add("Origin", "https://jwt.io"));

        Assert.That(proxied.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await proxied.Content.ReadAsStringAsync(), Is.EqualTo(status));
        Assert.That(proxied.Headers.CacheControl!.MaxAge, Is.EqualTo(TimeSpan.FromMinutes(10)));
        Assert.That(proxied.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
        var revalidated = await Node.GetAsync("/.well-known/jwks.json", r => r.Headers.TryAddWithoutValidation("If-None-Match", proxied.Headers.ETag!.ToString()));
        Assert.That(revalidated.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task AKidTheSetNoLongerHolds_401Verbose()
    {
        var response = await Node.GetAsync("/unknown-kid/x", r => r.Headers.Add("Authorization", Basic("alice", "pw")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("key set 'signing' holds no key with kid 'retired-long-ago' that can sign"));
    }

    private async Task<string> TokenAsync(string path, string header)
    {
        var echo = await (await Node.GetAsync($"{path}/x", r => r.Headers.Add("Authorization", Basic("alice", "pw")))).ReadJsonAsync();
        return echo.GetProperty("headers").TryGetProperty(header, out var token) ? token.GetString()! : throw new AssertionException($"no token: {echo}");
    }
}
