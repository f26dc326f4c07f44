using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Plugins.UpstreamJwt;

/// <summary>
/// upstream-jwt (Optum's contract) through a real data-plane host and a real loopback upstream: the token the
/// upstream receives is checked with .NET's RSA/ECDSA primitives against the key files, independently of the
/// IdentityModel code that signed it.
/// </summary>
[NonParallelizable]
public sealed class UpstreamJwtTests
{
    private static readonly string Keys = Path.Combine(Path.GetTempPath(), "hg-upstream-jwt-" + Guid.NewGuid().ToString("N"));
    private static readonly RSA Rsa = RSA.Create(2048);
    private static readonly ECDsa Ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private static readonly ConsumerConfig Alice = new() { Id = Guid.NewGuid(), Username = "alice" };

    private ProxiedNode _proxied = null!;
    private DataPlaneProcess _node = null!;
    private byte[] _certificate = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Directory.CreateDirectory(Keys);
        File.WriteAllText(Path.Combine(Keys, "rsa.pem"), Rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(Keys, "rsa-public.pem"), Rsa.ExportSubjectPublicKeyInfoPem());
        File.WriteAllText(Path.Combine(Keys, "ec.pem"), Ec.ExportECPrivateKeyPem());
        using (var certificate = new CertificateRequest("CN=gateway", Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)))
        {
            _certificate = certificate.Export(X509ContentType.Cert);
        }

        File.WriteAllBytes(Path.Combine(Keys, "rsa.cer"), _certificate);
        using (var other = RSA.Create(2048))
        using (var foreign = new CertificateRequest("CN=other", other, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)))
        {
            File.WriteAllBytes(Path.Combine(Keys, "other.cer"), foreign.Export(X509ContentType.Cert));
        }

        _proxied = await ProxiedNode.StartAsync(Config);
        _node = _proxied.Node;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _proxied.DisposeAsync();
        Directory.Delete(Keys, recursive: true);
    }

    private static GatewayConfig Config(int upstreamPort)
    {
        var service = Service(port: upstreamPort) with { Name = "orders" };
        RouteConfig At(string path) => Route(service, paths: [path]);
        var full = At("/full");
        var bare = At("/bare");
        var ec = At("/ec");
        var small = At("/small");
        var missing = At("/missing");
        var publicOnly = At("/public-only");
        var mismatch = At("/mismatch");
        return new GatewayConfig
        {
            Services = [service],
            Routes = [full, bare, ec, small, missing, publicOnly, mismatch],
            Consumers = [Alice],
            KeyAuthCredentials = [new KeyAuthCredentialConfig { Id = Guid.NewGuid(), Consumer = new EntityRef(Alice.Id), Key = "alice-key" }],
            Plugins =
            [
                Plugin("key-auth", new { key_names = new[] { "apikey" }, hide_credentials = true, anonymous = (string?)null, key_in_header = true, key_in_query = true, key_in_body = false, run_on_preflight = true, realm = (string?)null }, route: full),
                Plugin("upstream-jwt", Options("rsa.pem", publicKey: "rsa.cer", issuer: "the-gateway", keyId: "k1", credentialType: true), route: full),
                Plugin("upstream-jwt", Options("rsa.pem"), route: bare),
                Plugin("upstream-jwt", Options("ec.pem", header: "X-Gateway-Token"), route: ec),
                Plugin("upstream-jwt", Options("rsa.pem", maxBodySize: 1024), route: small),
                Plugin("upstream-jwt", Options("nowhere.pem"), route: missing),
                Plugin("upstream-jwt", Options("rsa-public.pem"), route: publicOnly),
                Plugin("upstream-jwt", Options("rsa.pem", publicKey: "other.cer"), route: mismatch),
            ],
        };
    }

    [Test]
    public async Task AuthenticatedGet_TokenCarriesOptumsHeaderAndClaims_AndVerifies()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var response = await _node.GetAsync("/full/x", r => r.Headers.Add("apikey", "alice-key"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var value = Upstream(await response.ReadJsonAsync(), "jwt");
        Assert.That(value, Does.StartWith("Bearer "), "include_credential_type");
        var (header, claims) = VerifyRsa(value["Bearer ".Length..]);

        Assert.That(header.GetProperty("alg").GetString(), Is.EqualTo("RS256"));
        Assert.That(header.GetProperty("typ").GetString(), Is.EqualTo("JWT"));
        Assert.That(header.GetProperty("kid").GetString(), Is.EqualTo("k1"));
        Assert.That(header.GetProperty("x5c")[0].GetString(), Is.EqualTo(Convert.ToBase64String(_certificate)), "standard base64 of the DER, as RFC 7515 asks");
        Assert.That(claims.GetProperty("iss").GetString(), Is.EqualTo("the-gateway"));
        var iat = claims.GetProperty("iat").GetInt64();
        Assert.That(iat, Is.InRange(before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1));
        Assert.That(claims.GetProperty("exp").GetInt64() - iat, Is.EqualTo(60));
        Assert.That(claims.GetProperty("jti").GetString(), Does.Match("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        Assert.That(claims.GetProperty("aud").GetString(), Is.EqualTo("orders"));
        Assert.That(claims.GetProperty("consumerid").GetString(), Is.EqualTo(Alice.Id.ToString()));
        Assert.That(claims.GetProperty("consumername").GetString(), Is.EqualTo("alice"));
        Assert.That(claims.GetProperty("payloadhash").GetString(), Is.Empty, "Optum: an empty body hashes to \"\"");
    }

    [Test]
    public async Task NoIssuerNoConsumer_OnlyTheAlwaysClaims_AndTheClientsHeaderIsReplaced()
    {
        var response = await _node.GetAsync("/bare/x", r => r.Headers.Add("JWT", "forged.by.client"));

        var (header, claims) = VerifyRsa(Upstream(await response.ReadJsonAsync(), "jwt"));
        var names = claims.EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.That(names, Is.EqualTo(new[] { "aud", "exp", "jti", "payloadhash" }));
        Assert.That(header.TryGetProperty("x5c", out _) || header.TryGetProperty("kid", out _), Is.False);
    }

    [TestCase(0, TestName = "small body")]
    [TestCase(1024 * 1024, TestName = "1 MiB body, spilled past the memory buffer")]
    public async Task PostedBody_PayloadHashIsTheSha256OfWhatTheUpstreamGot(int size)
    {
        var body = Encoding.ASCII.GetBytes(size == 0 ? """{"order":42}""" : new string('x', size));
        var response = await _node.Client.PostAsync(new Uri(_node.Proxy, "/bare/x"), new ByteArrayContent(body));

        var echo = await response.ReadJsonAsync();
        var sent = Convert.ToHexStringLower(SHA256.HashData(body));
        Assert.That(echo.GetProperty("body_sha256").GetString(), Is.EqualTo(sent), "the upstream got the bytes sent");
        var (_, claims) = VerifyRsa(Upstream(echo, "jwt"));
        Assert.That(claims.GetProperty("payloadhash").GetString(), Is.EqualTo(sent));
    }

    [Test]
    public async Task ChunkedBody_HashedAsItStreams()
    {
        var body = Encoding.ASCII.GetBytes(new string('c', 200_000));
        var content = new StreamContent(new MemoryStream(body));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_node.Proxy, "/bare/x")) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var echo = await (await _node.Client.SendAsync(request)).ReadJsonAsync();

        var sent = Convert.ToHexStringLower(SHA256.HashData(body));
        Assert.That(echo.GetProperty("body_sha256").GetString(), Is.EqualTo(sent), "the upstream got the bytes sent");
        var (_, claims) = VerifyRsa(Upstream(echo, "jwt"));
        Assert.That(claims.GetProperty("payloadhash").GetString(), Is.EqualTo(sent));
    }

    [TestCase(false, TestName = "with Content-Length")]
    [TestCase(true, TestName = "chunked")]
    public async Task BodyOverMaxBodySize_413(bool chunked)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_node.Proxy, "/small/x")) { Content = new StreamContent(new MemoryStream(new byte[2048])) };
        request.Headers.TransferEncodingChunked = chunked;
        if (!chunked)
        {
            request.Content.Headers.ContentLength = 2048;
        }

        var response = await _node.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await response.ReadJsonAsync()).GetProperty("message").GetString(), Is.EqualTo("Request size limit exceeded"));
    }

    [Test]
    public async Task EcKey_SignsWithTheCurvesAlgorithm_InTheConfiguredHeader()
    {
        var echo = await (await _node.GetAsync("/ec/x")).ReadJsonAsync();

        var token = Upstream(echo, "x-gateway-token");
        var parts = token.Split('.');
        var header = Decode(parts[0]);
        Assert.That(header.GetProperty("alg").GetString(), Is.EqualTo("ES384"));
        Assert.That(Ec.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url(parts[2]), HashAlgorithmName.SHA384), Is.True);
    }

    [TestCase("/missing/x", TestName = "missing key file")]
    [TestCase("/public-only/x", TestName = "a public key where the private one belongs")]
    [TestCase("/mismatch/x", TestName = "certificate of another key")]
    public async Task BrokenKey_500_NeverAThrowAwayKey(string path)
    {
        var response = await _node.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That((await response.ReadJsonAsync()).GetProperty("message").GetString(), Is.EqualTo("An unexpected error occurred"));
    }

    private static object Options(string privateKey, string? publicKey = null, string? issuer = null, string? keyId = null, string header = "JWT", bool credentialType = false, int maxBodySize = 8 * 1024 * 1024) => new
    {
        issuer,
        private_key_location = Path.Combine(Keys, privateKey),
        public_key_location = publicKey is null ? null : Path.Combine(Keys, publicKey),
        key_id = keyId,
        header,
        include_credential_type = credentialType,
        algorithm = (string?)null,
        expires_in = 60,
        max_body_size = maxBodySize,
    };

    private static string Upstream(JsonElement echo, string header) =>
        echo.TryGetProperty("headers", out var headers) && headers.TryGetProperty(header, out var value) && value.GetString() is { } text
            ? text
            : throw new AssertionException($"no {header} header upstream: {echo}");

    private static (JsonElement Header, JsonElement Claims) VerifyRsa(string token)
    {
        var parts = token.Split('.');
        Assert.That(parts, Has.Length.EqualTo(3));
        var valid = Rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.That(valid, Is.True, "RS256 signature by the configured key");
        return (Decode(parts[0]), Decode(parts[1]));
    }

    private static JsonElement Decode(string segment) => JsonDocument.Parse(Base64Url(segment)).RootElement;

    private static byte[] Base64Url(string segment)
    {
        var s = segment.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
