using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>
/// Kong's JWT tutorials with their curl commands, against both data planes. Tokens come from npm packages, never from
/// our code: the tutorial's signing step written with jsonwebtoken (tests/js-tokens/tutorial-token.cjs), and one jose
/// token per algorithm family (tests/js-tokens/mint.mjs, one node run for the fixture).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class JwtTutorialTests
{
    private const string InvalidToken = "Bearer error=\"invalid_token\"";

    // developer.konghq.com "Authenticate Consumers with the JWT plugin": this key and secret, and the token jwt.io made.
    private const string DocumentedKey = "YJdmaDvVTJxtcWRCvkMikc8oELgAVNcz";
    private const string DocumentedSecret = "C50k0bcahDhLNhLKSUBSR1OMiFGzNZ7X";
    private const string DocumentedToken =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJZSmRtYUR2VlRKeHRjV1JDdmtNaWtjOG9FTGdBVk5jeiJ9.xG-DrlD4vcYBqhuhK_jrwFIALvVvU-qTOiNyIfUhn_Y";

    private static readonly string[] Families = ["HS256", "RS256", "PS256", "ES256", "EdDSA"];

    private MintedTokens _minted = null!;

    [OneTimeSetUp]
    public async Task MintAsync() => _minted = await NodeTokens.MintAsync(Kong.UniqueName("jose"), Families);

    [Test]
    public async Task Hs256Tutorial_BearerQueryAndMessages_OnBothNodes()
    {
        var a = ClusterSetUp.UpstreamA;
        var (_, path) = await CreateJwtRouteAsync("jwt-hs");
        var consumer = await CreateConsumerAsync("jwt-user");

        // curl -X POST http://localhost:8001/consumers/{user}/jwt -H "Content-Type: application/x-www-form-urlencoded"
        var credential = await Kong.FormAsync(HttpMethod.Post, $"/consumers/{consumer.Username}/jwt");
        Assert.That(credential.Status, Is.EqualTo(HttpStatusCode.Created), credential.ToString());
        var key = credential.Body!["key"]!.ToString();
        var secret = credential.Body!["secret"]!.ToString();

        var unauthorized = await Kong.WaitForStatusOnAllAsync(path, HttpStatusCode.Unauthorized);
        Assert.That(unauthorized.Select(u => u.Body), Is.All.EqualTo("""{"message":"Unauthorized"}"""));

        var tokens = await NodeTokens.TutorialTokensAsync(
            new { key, secret, algorithm = "HS256" },
            new { key, secret = "not-the-secret", algorithm = "HS256" });
        var (token, forged) = (tokens[0], tokens[1]);
        var viaHeader = await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name && e.Headers.ContainsKey("x-consumer-id"), headers: Bearer(token));
        foreach (var echo in viaHeader)
        {
            AssertConsumerHeaders(echo, consumer, key);
            Assert.That(echo.Headers.GetValueOrDefault("authorization"), Is.EqualTo($"Bearer {token}"), "the token is forwarded");
        }

        await Kong.WaitForEchoOnAllAsync($"{path}?jwt={token}", e => e.Upstream == a.Name);
        await AssertRefusedOnAllAsync(path, forged, """{"message":"Invalid signature"}""");
    }

    [Test]
    public async Task Rs256Tutorial_PemUploadedAsMultipartFile_OnBothNodes()
    {
        var a = ClusterSetUp.UpstreamA;
        var (_, path) = await CreateJwtRouteAsync("jwt-rs", ("config.claims_to_verify", "exp"));
        var consumer = await CreateConsumerAsync("rs-user");

        // openssl genrsa / openssl rsa -pubout in the tutorial; here a jose-made pair, the public half uploaded as the
        // tutorial does: curl -X POST .../consumers/{user}/jwt -F rsa_public_key=@jwt-public.pem -F algorithm=RS256 -F key=test-key
        var pair = _minted.Credential("RS256");
        var issuer = Kong.UniqueName("test-key");
        await UploadPemCredentialAsync(consumer.Username, pair.PublicKeyPem!, "RS256", issuer);

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var tokens = await NodeTokens.TutorialTokensAsync(
            new { key = issuer, secret = pair.PrivateKeyPem, algorithm = "RS256", claims = new { exp = now + 600 } },
            new { key = issuer, secret = pair.PrivateKeyPem, algorithm = "RS256", claims = new { exp = now - 60 } });
        var echoes = await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name && e.Headers.ContainsKey("x-consumer-id"), headers: Bearer(tokens[0]));
        foreach (var echo in echoes)
        {
            AssertConsumerHeaders(echo, consumer, issuer);
        }

        await AssertRefusedOnAllAsync(path, tokens[1], """{"exp":"token expired"}""");

        // A consumer-scoped jwt plugin is refused as Kong refuses it.
        var scoped = await Kong.FormAsync(HttpMethod.Post, $"/consumers/{consumer.Username}/plugins", ("name", "jwt"));
        Assert.That(scoped.Status, Is.EqualTo(HttpStatusCode.BadRequest), scoped.ToString());
        Assert.That(scoped.Body?["fields"]?["consumer"]?.ToString(), Is.EqualTo("value must be null"));
    }

    [Test]
    public async Task DocumentedHs256Token_TutorialScriptMakesItByteForByte_AndBothNodesAcceptIt()
    {
        var (_, path) = await CreateJwtRouteAsync("jwt-doc");
        var consumer = await CreateConsumerAsync("jsmith");
        var credential = await Kong.FormAsync(
            HttpMethod.Post, $"/consumers/{consumer.Username}/jwt", ("algorithm", "HS256"), ("key", DocumentedKey), ("secret", DocumentedSecret));
        Assert.That(credential.Status, Is.EqualTo(HttpStatusCode.Created), credential.ToString());

        // jwt.io put no iat in the documented token: without one, the script must make exactly that token.
        var token = (await NodeTokens.TutorialTokensAsync(new { key = DocumentedKey, secret = DocumentedSecret, algorithm = "HS256", noTimestamp = true }))[0];
        Assert.That(token, Is.EqualTo(DocumentedToken));

        var echoes = await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == ClusterSetUp.UpstreamA.Name && e.Headers.ContainsKey("x-consumer-id"), headers: Bearer(DocumentedToken));
        foreach (var echo in echoes)
        {
            AssertConsumerHeaders(echo, consumer, DocumentedKey);
        }
    }

    [Test]
    public async Task JoseToken_PerAlgorithmFamily_CredentialsFromTheAdminApi_OnBothNodes()
    {
        var (_, path) = await CreateJwtRouteAsync("jwt-jose", ("config.claims_to_verify", "exp"));
        var consumer = await CreateConsumerAsync("jose-user");
        foreach (var family in Families)
        {
            var credential = _minted.Credential(family);
            if (credential.Secret is { } secret)
            {
                var created = await Kong.FormAsync(
                    HttpMethod.Post, $"/consumers/{consumer.Username}/jwt", ("algorithm", family), ("key", credential.Key), ("secret", secret));
                Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.ToString());
            }
            else
            {
                await UploadPemCredentialAsync(consumer.Username, credential.PublicKeyPem!, family, credential.Key);
            }
        }

        foreach (var family in Families)
        {
            var key = _minted.Credential(family).Key;
            var echoes = await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == ClusterSetUp.UpstreamA.Name && e.Headers.ContainsKey("x-consumer-id"), headers: Bearer(_minted.Token(family, "valid")));
            foreach (var echo in echoes)
            {
                AssertConsumerHeaders(echo, consumer, key);
            }

            await AssertRefusedOnAllAsync(path, _minted.Token(family, "tampered"), """{"message":"Invalid signature"}""");
        }
    }

    /// <summary>A service and route on upstream A, and `curl -X POST .../routes/{route}/plugins --data name=jwt [config...]`.</summary>
    private static async Task<(string Route, string Path)> CreateJwtRouteAsync(string prefix, params (string Key, string Value)[] config)
    {
        var (_, route, path) = await Kong.CreateServiceAndRouteAsync(ClusterSetUp.UpstreamA.Url, prefix);
        var plugin = await Kong.FormAsync(HttpMethod.Post, $"/routes/{route}/plugins", [("name", "jwt"), .. config]);
        Assert.That(plugin.Status, Is.EqualTo(HttpStatusCode.Created), plugin.ToString());
        return (route, path);
    }

    /// <summary>curl -X POST http://localhost:8001/consumers --data username=...</summary>
    private static async Task<Consumer> CreateConsumerAsync(string prefix)
    {
        var username = Kong.UniqueName(prefix);
        var created = await Kong.FormAsync(HttpMethod.Post, "/consumers", ("username", username));
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.ToString());
        return new Consumer(created.Id, username);
    }

    /// <summary>curl -X POST .../consumers/{user}/jwt -F rsa_public_key=@jwt-public.pem -F algorithm=ALG -F key=KEY</summary>
    private static async Task UploadPemCredentialAsync(string username, string publicKeyPem, string algorithm, string key)
    {
        var upload = new HttpRequestMessage(HttpMethod.Post, $"/consumers/{username}/jwt")
        {
            Content = new MultipartFormDataContent
            {
                { new ByteArrayContent(Encoding.ASCII.GetBytes(publicKeyPem)), "rsa_public_key", "jwt-public.pem" },
                { new StringContent(algorithm), "algorithm" },
                { new StringContent(key), "key" },
            },
        };
        var credential = await Kong.SendAsync(upload);
        Assert.That(credential.Status, Is.EqualTo(HttpStatusCode.Created), credential.ToString());
        Assert.That(credential.Body?["rsa_public_key"]?.ToString(), Is.EqualTo(publicKeyPem), "the file's content is stored as sent");
    }

    private static async Task AssertRefusedOnAllAsync(string path, string token, string body)
    {
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            var (status, text, response) = await Kong.ProxyAsync(node, HttpMethod.Get, path, headers: Bearer(token));
            using (response)
            {
                Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), $"{node.Name}: {text}");
                Assert.That(JsonNode.DeepEquals(JsonNode.Parse(text), JsonNode.Parse(body)), Is.True, $"{node.Name}: {text}");
                Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo(InvalidToken));
            }
        }
    }

    private static void AssertConsumerHeaders(EchoedRequest echo, Consumer consumer, string key)
    {
        Assert.That(echo.Headers.GetValueOrDefault("x-consumer-username"), Is.EqualTo(consumer.Username));
        Assert.That(echo.Headers.GetValueOrDefault("x-consumer-id"), Is.EqualTo(consumer.Id));
        Assert.That(echo.Headers.GetValueOrDefault("x-credential-identifier"), Is.EqualTo(key), "jwt identifies the credential by its key");
        Assert.That(echo.Headers.ContainsKey("x-anonymous-consumer"), Is.False);
    }

    private static Dictionary<string, string> Bearer(string token) => new() { ["Authorization"] = $"Bearer {token}" };

    private sealed record Consumer(string Id, string Username);
}
