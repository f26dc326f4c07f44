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
/// x-custom-jwt (the Konnect contract) behind basic-auth, key-auth and jwt on a real data-plane host: the token the
/// upstream receives is checked with .NET's RSA/ECDSA/HMAC primitives, independently of the code that signed it.
/// </summary>
[NonParallelizable]
public sealed class XCustomJwtTests : ProxiedNodeTest
{
    private const string ClientSecret = "client-secret-0123456789abcdef";

    private static readonly RSA Rsa = RSA.Create(2048);
    private static readonly ECDsa Ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly byte[] Hmac = RandomNumberGenerator.GetBytes(64);
    private static readonly ConsumerConfig Contact = new() { Id = Guid.NewGuid(), Username = "contact@konghq.com", CustomId = "contact@konghq.com-ID1" };
    private static readonly ConsumerConfig Plain = new() { Id = Guid.NewGuid(), Username = "plain" };
    private static readonly KeyAuthCredentialConfig Key = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(Contact.Id), Key = "012345AZERTY!" };

    private protected override GatewayConfig Config(int upstreamPort)
    {
        var service = Service(port: upstreamPort, path: "/anything") with { Name = "httpbin" };
        RouteConfig At(string path) => Route(service, paths: [path]);
        var basic = At("/basicAuth");
        var apiKey = At("/apiKey");
        var bearer = At("/bearer");
        var open = At("/open");
        var anonymous = At("/anonymous");
        var ec = At("/ec");
        var hmac = At("/hmac");
        var keyAuth = new { key_names = new[] { "apikey" }, hide_credentials = false, anonymous = (string?)null, key_in_header = true, key_in_query = true, key_in_body = false, run_on_preflight = true, realm = (string?)null };
        return new GatewayConfig
        {
            Services = [service],
            Routes = [basic, apiKey, bearer, open, anonymous, ec, hmac],
            Consumers = [Contact, Plain],
            BasicAuthCredentials = [new BasicAuthCredentialConfig { Id = Guid.NewGuid(), Consumer = new EntityRef(Contact.Id), Username = "my-user", Password = BasicAuthPasswords.Hash("My p@ssword!") }],
            KeyAuthCredentials = [Key],
            JwtSecrets = [new JwtSecretConfig { Id = Guid.NewGuid(), Consumer = new EntityRef(Plain.Id), Key = "client-iss", Secret = ClientSecret, Algorithm = "HS256" }],
            Plugins =
            [
                Plugin("basic-auth", new { anonymous = (string?)null, hide_credentials = false, realm = "service" }, route: basic),
                Plugin("x-custom-jwt", Options(TestJwks.Rsa(Rsa, "RS256", "kong"), downstream: "X-Custom-Jwt"), route: basic),
                Plugin("key-auth", keyAuth, route: apiKey),
                Plugin("x-custom-jwt", Options(TestJwks.Rsa(Rsa, "PS256", "kong-ps"), upstream: "authorization"), route: apiKey),
                Plugin("jwt", new { uri_param_names = new[] { "jwt" }, cookie_names = Array.Empty<string>(), header_names = new[] { "authorization" }, key_claim_name = "iss", secret_is_base64 = false, claims_to_verify = (string[]?)null, anonymous = (string?)null, run_on_preflight = true, maximum_expiration = 0, realm = (string?)null }, route: bearer),
                Plugin("x-custom-jwt", Options(TestJwks.Rsa(Rsa, "RS256", "kong")), route: bearer),
                Plugin("x-custom-jwt", Options(TestJwks.Rsa(Rsa, "RS256", "kong")), route: open),
                Plugin("key-auth", keyAuth with { anonymous = (string?)"plain" }, route: anonymous),
                Plugin("x-custom-jwt", Options(TestJwks.Rsa(Rsa, "RS256", "kong"), verbose: false), route: anonymous),
                Plugin("basic-auth", new { anonymous = (string?)null, hide_credentials = false, realm = "service" }, route: ec),
                Plugin("x-custom-jwt", Options(TestJwks.Ec(Ec, "P-256", "ec-1")), route: ec),
                Plugin("basic-auth", new { anonymous = (string?)null, hide_credentials = false, realm = "service" }, route: hmac),
                Plugin("x-custom-jwt", Options(TestJwks.Oct(Hmac, "HS512", "kong-sh512")), route: hmac),
            ],
        };
    }

    [Test]
    public async Task BasicAuth_ClientIdIsTheUsername_TokenVerifies_AndIsAlsoReturnedDownstream()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var response = await Node.GetAsync("/basicAuth/x", r => r.Headers.Add("Authorization", Basic("my-user", "My p@ssword!")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var token = Upstream(await response.ReadJsonAsync(), "x-custom-jwt");
        Assert.That(response.Headers.GetValues("X-Custom-Jwt").Single(), Is.EqualTo(token));
        var (header, claims) = Verify(token, (input, signature) => Rsa.VerifyData(input, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.That(header.GetProperty("alg").GetString(), Is.EqualTo("RS256"));
        Assert.That(header.GetProperty("typ").GetString(), Is.EqualTo("JWT"));
        Assert.That(header.GetProperty("kid").GetString(), Is.EqualTo("kong"));
        Assert.That(header.GetProperty("jku").GetString(), Is.EqualTo("https://kong-gateway:8443/x-custom-jwt/jwks"));
        Assert.That(claims.GetProperty("client_id").GetString(), Is.EqualTo("my-user"));
        Assert.That(claims.GetProperty("act").GetProperty("client_id").GetString(), Is.EqualTo("contact@konghq.com-ID1"));
        Assert.That(claims.GetProperty("sub").GetString(), Is.EqualTo("contact@konghq.com"));
        Assert.That(claims.GetProperty("iss").GetString(), Is.EqualTo("https://kong-gateway:8443/x-custom-jwt"));
        Assert.That(claims.GetProperty("aud").GetString(), Does.Match(@"^http://127\.0\.0\.1:[0-9]+/anything$"), "the service URL");
        var iat = claims.GetProperty("iat").GetInt64();
        Assert.That(iat, Is.InRange(before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1));
        Assert.That(claims.GetProperty("exp").GetInt64() - iat, Is.EqualTo(1800));
        Assert.That(claims.GetProperty("jti").GetString(), Does.Match("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    }

    [Test]
    public async Task KeyAuth_ClientIdIsTheCredentialId_NeverTheKey_InAuthorizationAsBearer_PS256()
    {
        var response = await Node.GetAsync("/apiKey/x", r => r.Headers.Add("apikey", "012345AZERTY!"));

        var value = Upstream(await response.ReadJsonAsync(), "authorization");
        Assert.That(value, Does.StartWith("Bearer "), "the header is Authorization (matched without regard to case)");
        var (header, claims) = Verify(value["Bearer ".Length..], (input, signature) => Rsa.VerifyData(input, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.That(header.GetProperty("alg").GetString(), Is.EqualTo("PS256"));
        Assert.That(claims.GetProperty("client_id").GetString(), Is.EqualTo(Key.Id.ToString()));
        Assert.That(value, Does.Not.Contain("012345AZERTY"));
    }

    [Test]
    public async Task Jwt_ClaimsOfTheVerifiedTokenTravel_ClientIdFromTheConfiguredClaim()
    {
        var client = TestTokens.Hs256(ClientSecret, """{"iss":"client-iss","clientId":"app-42","scope":"read","act":{"via":"x"}}""");
        var response = await Node.GetAsync("/bearer/x", r => r.Headers.Add("Authorization", $"Bearer {client}"));

        var (_, claims) = Verify(Upstream(await response.ReadJsonAsync(), "x-custom-jwt"), (input, signature) => Rsa.VerifyData(input, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.That(claims.GetProperty("client_id").GetString(), Is.EqualTo("app-42"));
        Assert.That(claims.GetProperty("scope").GetString(), Is.EqualTo("read"));
        Assert.That(claims.GetProperty("act").GetProperty("via").GetString(), Is.EqualTo("x"));
        Assert.That(claims.GetProperty("act").GetProperty("client_id").GetString(), Is.EqualTo(Plain.Id.ToString()), "no custom_id: the consumer id");
        Assert.That(claims.GetProperty("iss").GetString(), Is.EqualTo("https://kong-gateway:8443/x-custom-jwt"), "overwritten");
    }

    [Test]
    public async Task Jwt_WithoutTheClientIdClaim_401Verbose()
    {
        var client = TestTokens.Hs256(ClientSecret, """{"iss":"client-iss"}""");
        var response = await Node.GetAsync("/bearer/x", r => r.Headers.Add("Authorization", $"Bearer {client}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"ErrorMessage":"You are not authorized to access to this service","VerboseMessage":"Issue with 'client_id' claim retrieval or Kong Consumer. Unable to get 'clientId' claim from the Bearer token"}"""));
    }

    [Test]
    public async Task NobodyAuthenticated_401_EvenWithAnUncheckedApiKeyHeader()
    {
        var response = await Node.GetAsync("/open/x", r => r.Headers.Add("apikey", "whatever"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"ErrorMessage":"You are not authorized to access to this service","VerboseMessage":"Issue with 'client_id' claim retrieval or Kong Consumer. There is no Kong consumer credential"}"""));
    }

    [Test]
    public async Task AnonymousConsumer_401_NotVerbose()
    {
        var response = await Node.GetAsync("/anonymous/x", r => r.Headers.Add("apikey", "not-a-key"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"ErrorMessage":"You are not authorized to access to this service"}"""));
    }

    [Test]
    public async Task EcAndHmacKeys_SignWithTheirAlgorithms()
    {
        var ecToken = Upstream(await (await Node.GetAsync("/ec/x", r => r.Headers.Add("Authorization", Basic("my-user", "My p@ssword!")))).ReadJsonAsync(), "x-custom-jwt");
        var hmacToken = Upstream(await (await Node.GetAsync("/hmac/x", r => r.Headers.Add("Authorization", Basic("my-user", "My p@ssword!")))).ReadJsonAsync(), "x-custom-jwt");

        var (ecHeader, _) = Verify(ecToken, (input, signature) => Ec.VerifyData(input, signature, HashAlgorithmName.SHA256));
        var (hmacHeader, _) = Verify(hmacToken, (input, signature) => HMACSHA512.HashData(Hmac, input).AsSpan().SequenceEqual(signature));
        Assert.That(ecHeader.GetProperty("alg").GetString(), Is.EqualTo("ES256"));
        Assert.That(ecHeader.GetProperty("kid").GetString(), Is.EqualTo("ec-1"));
        Assert.That(hmacHeader.GetProperty("alg").GetString(), Is.EqualTo("HS512"));
    }

    internal static object Options(string jwk, string? downstream = null, string upstream = "X-Custom-Jwt", bool verbose = true) => new
    {
        iss = "https://kong-gateway:8443/x-custom-jwt",
        jku = "https://kong-gateway:8443/x-custom-jwt/jwks",
        private_jwk = jwk,
        expires_in = 1800,
        upstream_custom_jwt_header = upstream,
        downstream_custom_jwt_header = downstream,
        apikey_header = "apikey",
        bearer_clientid_claim = "clientId",
        verbose,
    };

    private static string Upstream(JsonElement echo, string header) =>
        echo.TryGetProperty("headers", out var headers) && headers.TryGetProperty(header, out var value) && value.GetString() is { } text
            ? text
            : throw new AssertionException($"no {header} header upstream: {echo}");

    private static (JsonElement Header, JsonElement Claims) Verify(string token, Func<byte[], byte[], bool> verify)
    {
        var parts = token.Split('.');
        Assert.That(parts, Has.Length.EqualTo(3));
        Assert.That(verify(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), System.Buffers.Text.Base64Url.DecodeFromChars(parts[2])), Is.True, "signature");
        return (JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0])).RootElement, JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).RootElement);
    }
}
