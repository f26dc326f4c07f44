using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HybridGateway.DataPlane.Snapshots;
using HybridGateway.DataPlane.Tests.TestSupport;
using HybridGateway.Shared.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static HybridGateway.DataPlane.Tests.TestSupport.Entities;

namespace HybridGateway.DataPlane.Tests.Plugins.Jwt;

/// <summary>
/// Kong's jwt plugin through a real data-plane host and a real loopback upstream. Tokens are built here with .NET's
/// HMAC and RSA primitives, independently of the gateway's own JOSE code.
/// </summary>
[NonParallelizable]
public sealed class JwtHandlerTests
{
    private const string AliceSecret = "alice-secret-0123456789abcdef";
    private const string KidSecret = "kid-secret-0123456789abcdef";

    private static readonly RSA BobRsa = RSA.Create(2048);
    private static readonly ConsumerConfig Alice = new() { Id = Guid.NewGuid(), Username = "alice", CustomId = "a-1" };
    private static readonly ConsumerConfig Bob = new() { Id = Guid.NewGuid(), Username = "bob" };
    private static readonly ConsumerConfig Guest = new() { Id = Guid.NewGuid(), Username = "guest" };
    private static readonly JwtSecretConfig AliceHs = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(Alice.Id), Key = "alice-iss", Secret = AliceSecret, Algorithm = "HS256" };
    private static readonly JwtSecretConfig BobRs = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(Bob.Id), Key = "bob-rs", Secret = "unused", RsaPublicKey = BobRsa.ExportSubjectPublicKeyInfoPem(), Algorithm = "RS256" };
    private static readonly JwtSecretConfig AliceKid = new() { Id = Guid.NewGuid(), Consumer = new EntityRef(Alice.Id), Key = "kid-1", Secret = KidSecret, Algorithm = "HS256" };

    private ProxiedNode _proxied = null!;
    private DataPlaneProcess _node = null!;
    private GatewayConfig _config = null!;
    private long _version = 1;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _proxied = await ProxiedNode.StartAsync(port => _config = Config(port));
        _node = _proxied.Node;
    }

    [OneTimeTearDown]
    public ValueTask StopAsync() => _proxied.DisposeAsync();

    private static GatewayConfig Config(int upstreamPort)
    {
        var service = Service(port: upstreamPort);
        var plain = Route(service, paths: ["/plain"]);
        var cookie = Route(service, paths: ["/cookie"]);
        var exp = Route(service, paths: ["/exp"]);
        var kid = Route(service, paths: ["/kid"]);
        var anonymous = Route(service, paths: ["/anon"]);
        var brokenAnonymous = Route(service, paths: ["/broken-anon"]);
        var noPreflight = Route(service, paths: ["/no-preflight"]);
        return new GatewayConfig
        {
            Services = [service],
            Routes = [plain, cookie, exp, kid, anonymous, brokenAnonymous, noPreflight],
            Consumers = [Alice, Bob, Guest],
            JwtSecrets = [AliceHs, BobRs, AliceKid],
            Plugins =
            [
                Plugin("jwt", KongDefaults(), route: plain),
                Plugin("jwt", KongDefaults(cookieNames: ["session"], realm: "test-jwt"), route: cookie),
                Plugin("jwt", KongDefaults(claimsToVerify: ["exp"]), route: exp),
                Plugin("jwt", KongDefaults(keyClaimName: "kid"), route: kid),
                Plugin("jwt", KongDefaults(anonymous: "guest"), route: anonymous),
                Plugin("jwt", KongDefaults(anonymous: "nobody"), route: brokenAnonymous),
                Plugin("jwt", KongDefaults(runOnPreflight: false), route: noPreflight),
            ],
        };
    }

    [Test]
    public async Task BearerHeader_HS256_SetsKongHeadersOverSpoofedOnes_AndForwardsTheToken()
    {
        var token = TestTokens.Hs256(AliceSecret, """{"iss":"alice-iss"}""");
        var response = await _node.GetAsync("/plain/x", r =>
        {
            r.Headers.Add("Authorization", $"Bearer {token}");
            r.Headers.Add("X-Consumer-Username", "mallory");
            r.Headers.Add("X-Credential-Identifier", "spoofed");
            r.Headers.Add("X-Anonymous-Consumer", "true");
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var headers = (await response.ReadJsonAsync()).GetProperty("headers");
        Assert.That(headers.GetProperty("x-consumer-id").GetString(), Is.EqualTo(Alice.Id.ToString()));
        Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo("alice"));
        Assert.That(headers.GetProperty("x-consumer-custom-id").GetString(), Is.EqualTo("a-1"));
        Assert.That(headers.GetProperty("x-credential-identifier").GetString(), Is.EqualTo("alice-iss"), "jwt identifies the credential by its key");
        Assert.That(headers.TryGetProperty("x-anonymous-consumer", out _), Is.False);
        Assert.That(headers.GetProperty("authorization").GetString(), Is.EqualTo($"Bearer {token}"), "the token is not stripped");
    }

    [Test]
    public async Task QueryParam_RS256_ConsumerWithoutCustomId_ClearsThatHeader_AndKeepsTheQuery()
    {
        var token = Rs256("""{"iss":"bob-rs"}""");
        var response = await _node.GetAsync($"/plain/x?jwt={token}&a=1", r => r.Headers.Add("X-Consumer-Custom-ID", "spoofed"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await (response).ReadJsonAsync();
        var headers = body.GetProperty("headers");
        Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo("bob"));
        Assert.That(headers.TryGetProperty("x-consumer-custom-id", out _), Is.False);
        Assert.That(headers.GetProperty("x-credential-identifier").GetString(), Is.EqualTo("bob-rs"));
        Assert.That(body.GetProperty("query").GetString(), Is.EqualTo($"?jwt={token}&a=1"));
    }

    [Test]
    public async Task Cookie_WithCookieNames_Authenticates()
    {
        var token = TestTokens.Hs256(AliceSecret, """{"iss":"alice-iss"}""");
        var response = await _node.GetAsync("/cookie/x", r => r.Headers.Add("Cookie", $"other=1; session={token}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.ReadJsonAsync()).GetProperty("headers").GetProperty("x-consumer-username").GetString(), Is.EqualTo("alice"));
    }

    [Test]
    public async Task NoToken_401_Unauthorized_WithBareBearerChallenge()
    {
        var response = await _node.GetAsync("/plain/x", r => r.Headers.Add("Authorization", "Basic YTpi"));

        await AssertRefusedAsync(response, """{"message":"Unauthorized"}""", "Bearer");
    }

    [Test]
    public async Task RepeatedHeader_OnlyTheFirstValueCounts_AndUpperCaseBearerIsNoToken()
    {
        var token = TestTokens.Hs256(AliceSecret, """{"iss":"alice-iss"}""");
        var firstIsToken = await RawGetStatusAsync("/plain/x", $"Authorization: Bearer {token}", "Authorization: Bearer other");
        var secondIsToken = await RawGetStatusAsync("/plain/x", "Authorization: Basic YTpi", $"Authorization: Bearer {token}");
        var upper = await _node.GetAsync("/plain/x", r => r.Headers.TryAddWithoutValidation("Authorization", $"BEARER {token}"));

        Assert.That(firstIsToken, Is.EqualTo(200));
        Assert.That(secondIsToken, Is.EqualTo(401));
        await AssertRefusedAsync(upper, """{"message":"Unauthorized"}""", "Bearer");
    }

    [Test]
    public async Task Realm_InBothChallenges()
    {
        var none = await _node.GetAsync("/cookie/x");
        var bad = await _node.GetAsync("/cookie/x", r => r.Headers.Add("Cookie", "session=not-a-token"));

        await AssertRefusedAsync(none, """{"message":"Unauthorized"}""", "Bearer realm=\"test-jwt\"");
        await AssertRefusedAsync(bad, """{"message":"Bad token; invalid JSON"}""", "Bearer realm=\"test-jwt\", error=\"invalid_token\"");
    }

    [Test]
    public async Task DifferentTokens_401_Multiple_IdenticalOnesCountOnce()
    {
        var alice = TestTokens.Hs256(AliceSecret, """{"iss":"alice-iss"}""");
        var bob = Rs256("""{"iss":"bob-rs"}""");
        var multiple = await _node.GetAsync($"/plain/x?jwt={bob}", r => r.Headers.Add("Authorization", $"Bearer {alice}"));
        var same = await _node.GetAsync($"/plain/x?jwt={alice}&jwt={alice}", r => r.Headers.Add("Authorization", $"bearer {alice}"));

        await AssertRefusedAsync(multiple, """{"message":"Multiple tokens provided"}""", "Bearer error=\"invalid_token\"");
        Assert.That(same.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task QueryParamWithoutValue_401_Unrecognizable_EmptyValueIgnored()
    {
        var flag = await _node.GetAsync("/plain/x?jwt");
        var empty = await _node.GetAsync("/plain/x?jwt=");

        await AssertRefusedAsync(flag, """{"message":"Unrecognizable token"}""", "Bearer error=\"invalid_token\"");
        await AssertRefusedAsync(empty, """{"message":"Unauthorized"}""", "Bearer");
    }

    [TestCase("not.a-token", """{"message":"Bad token; invalid JSON"}""")]
    [TestCase("unknown", """{"message":"No credentials found for given 'iss'"}""")]
    [TestCase("rs-for-hs", """{"message":"Invalid algorithm"}""")]
    [TestCase("wrong-secret", """{"message":"Invalid signature"}""")]
    public async Task BadTokens_401_KongMessages(string kind, string expected)
    {
        var token = kind switch
        {
            "unknown" => TestTokens.Hs256(AliceSecret, """{"iss":"nobody"}"""),
            "rs-for-hs" => Rs256("""{"iss":"alice-iss"}"""),
            "wrong-secret" => TestTokens.Hs256("not-the-secret", """{"iss":"alice-iss"}"""),
            _ => kind,
        };

        var response = await _node.GetAsync("/plain/x", r => r.Headers.Add("Authorization", $"Bearer {token}"));

        await AssertRefusedAsync(response, expected, "Bearer error=\"invalid_token\"");
    }

    [Test]
    public async Task ClaimsToVerify_Exp_ExpiredTokenRefused_ValidOnePasses()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var expired = TestTokens.Hs256(AliceSecret, $$"""{"iss":"alice-iss","exp":{{now - 10}}}""");
        var valid = TestTokens.Hs256(AliceSecret, $$"""{"iss":"alice-iss","exp":{{now + 600}}}""");

        await AssertRefusedAsync(await _node.GetAsync($"/exp/x?jwt={expired}"), """{"exp":"token expired"}""", "Bearer error=\"invalid_token\"");
        Assert.That((await _node.GetAsync($"/exp/x?jwt={valid}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _node.GetAsync($"/plain/x?jwt={expired}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "exp is not checked unless configured");
    }

    [Test]
    public async Task KeyClaimName_Kid_ReadFromTheJoseHeader()
    {
        var token = TestTokens.Hs256(KidSecret, """{"sub":"x"}""", header: """{"alg":"HS256","typ":"JWT","kid":"kid-1"}""");
        var response = await _node.GetAsync("/kid/x", r => r.Headers.Add("Authorization", $"Bearer {token}"));
        var missing = await _node.GetAsync("/kid/x", r => r.Headers.Add("Authorization", $"Bearer {TestTokens.Hs256(KidSecret, "{}")}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.ReadJsonAsync()).GetProperty("headers").GetProperty("x-credential-identifier").GetString(), Is.EqualTo("kid-1"));
        await AssertRefusedAsync(missing, """{"message":"No mandatory 'kid' in claims"}""", "Bearer error=\"invalid_token\"");
    }

    [Test]
    public async Task Anonymous_FailureContinuesAsThatConsumer()
    {
        var response = await _node.GetAsync("/anon/x", r => r.Headers.Add("X-Credential-Identifier", "spoofed"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var headers = (await response.ReadJsonAsync()).GetProperty("headers");
        Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo("guest"));
        Assert.That(headers.GetProperty("x-anonymous-consumer").GetString(), Is.EqualTo("true"));
        Assert.That(headers.TryGetProperty("x-credential-identifier", out _), Is.False);
    }

    [Test]
    public async Task Anonymous_ValidTokenStillIdentifiesTheConsumer()
    {
        var token = TestTokens.Hs256(AliceSecret, """{"iss":"alice-iss"}""");
        var headers = (await (await _node.GetAsync($"/anon/x?jwt={token}")).ReadJsonAsync()).GetProperty("headers");

        Assert.That(headers.GetProperty("x-consumer-username").GetString(), Is.EqualTo("alice"));
        Assert.That(headers.TryGetProperty("x-anonymous-consumer", out _), Is.False);
    }

    [Test]
    public async Task Anonymous_Missing_500WithKongMessage()
    {
        var response = await _node.GetAsync("/broken-anon/x");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That((await response.ReadJsonAsync()).GetProperty("message").GetString(), Is.EqualTo("anonymous consumer nobody is configured but doesn't exist"));
    }

    [Test]
    public async Task RunOnPreflightFalse_OptionsPassesUnauthenticated_GetDoesNot()
    {
        var options = await _node.Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, new Uri(_node.Proxy, "/no-preflight/x")));
        var preflightOnPlain = await _node.Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, new Uri(_node.Proxy, "/plain/x")));

        Assert.That(options.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await options.ReadJsonAsync()).GetProperty("headers").TryGetProperty("x-consumer-id", out _), Is.False);
        Assert.That((await _node.GetAsync("/no-preflight/x")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(preflightOnPlain.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Cache_SameTokenTwice_ThenRefusedOnceTheCredentialIsDeleted()
    {
        var token = TestTokens.Hs256(AliceSecret, """{"iss":"alice-iss","n":"cache"}""");
        Assert.That((await _node.GetAsync($"/plain/x?jwt={token}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _node.GetAsync($"/plain/x?jwt={token}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var synchronizer = _node.App.Services.GetRequiredService<SnapshotSynchronizer>();
        try
        {
            await synchronizer.HandlePublishedAsync(Published(++_version, _config with { JwtSecrets = [BobRs, AliceKid] }), CancellationToken.None);
            var refused = await _node.GetAsync($"/plain/x?jwt={token}");
            await AssertRefusedAsync(refused, """{"message":"No credentials found for given 'iss'"}""", "Bearer error=\"invalid_token\"");
        }
        finally
        {
            await synchronizer.HandlePublishedAsync(Published(++_version, _config), CancellationToken.None);
        }

        Assert.That((await _node.GetAsync($"/plain/x?jwt={token}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string body, string challenge)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(body));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("application/json; charset=utf-8"));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo(challenge));
    }

    /// <summary>A request with repeated header lines, which HttpClient would fold into one.</summary>
    private async Task<int> RawGetStatusAsync(string path, params string[] headerLines)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(_node.Proxy.Host, _node.Proxy.Port);
        var stream = client.GetStream();
        var request = $"GET {path} HTTP/1.1\r\nHost: {_node.Proxy.Authority}\r\nConnection: close\r\n{string.Join("\r\n", headerLines)}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? string.Empty;
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Rs256(string payload)
    {
        var input = $"{TestTokens.Base64Url("""{"alg":"RS256","typ":"JWT"}""")}.{TestTokens.Base64Url(payload)}";
        return $"{input}.{TestTokens.Base64Url(BobRsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))}";
    }

    private static object KongDefaults(
        string[]? cookieNames = null, string? realm = null, string[]? claimsToVerify = null, string keyClaimName = "iss", string? anonymous = null, bool runOnPreflight = true) => new
    {
        uri_param_names = new[] { "jwt" },
        cookie_names = cookieNames ?? [],
        header_names = new[] { "authorization" },
        key_claim_name = keyClaimName,
        secret_is_base64 = false,
        claims_to_verify = claimsToVerify,
        anonymous,
        run_on_preflight = runOnPreflight,
        maximum_expiration = 0,
        realm,
    };
}
