using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>
/// Kong's JWT tutorials with their curl commands, against both data planes. Tokens are signed in the test with
/// .NET's HMAC and RSA primitives over hand-built base64url segments, independently of the gateway's code.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class JwtTutorialTests
{
    [Test]
    public async Task Hs256Tutorial_BearerQueryAndMessages_OnBothNodes()
    {
        var a = ClusterSetUp.UpstreamA;
        var (_, route, path) = await Kong.CreateServiceAndRouteAsync(a.Url, "jwt-hs");

        // curl -X POST http://localhost:8001/routes/{route}/plugins --data name=jwt
        var plugin = await Kong.FormAsync(HttpMethod.Post, $"/routes/{route}/plugins", ("name", "jwt"));
        Assert.That(plugin.Status, Is.EqualTo(HttpStatusCode.Created), plugin.ToString());
        var username = Kong.UniqueName("jwt-user");
        Assert.That((await Kong.FormAsync(HttpMethod.Post, "/consumers", ("username", username))).Status, Is.EqualTo(HttpStatusCode.Created));

        // curl -X POST http://localhost:8001/consumers/{user}/jwt -H "Content-Type: application/x-www-form-urlencoded"
        var credential = await Kong.FormAsync(HttpMethod.Post, $"/consumers/{username}/jwt");
        Assert.That(credential.Status, Is.EqualTo(HttpStatusCode.Created), credential.ToString());
        var key = credential.Body!["key"]!.ToString();
        var secret = credential.Body!["secret"]!.ToString();

        var unauthorized = await Kong.WaitForStatusOnAllAsync(path, HttpStatusCode.Unauthorized);
        Assert.That(unauthorized.Select(u => u.Body), Is.All.EqualTo("""{"message":"Unauthorized"}"""));

        var token = Hs256($$"""{"iss":"{{key}}"}""", secret);
        var viaHeader = await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name, headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" });
        foreach (var echo in viaHeader)
        {
            Assert.That(echo.Headers.GetValueOrDefault("x-consumer-username"), Is.EqualTo(username));
            Assert.That(echo.Headers.GetValueOrDefault("x-credential-identifier"), Is.EqualTo(key));
            Assert.That(echo.Headers.GetValueOrDefault("authorization"), Is.EqualTo($"Bearer {token}"), "the token is forwarded");
        }

        await Kong.WaitForEchoOnAllAsync($"{path}?jwt={token}", e => e.Upstream == a.Name);

        var forged = Hs256($$"""{"iss":"{{key}}"}""", "not-the-secret");
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            var (status, body, response) = await Kong.ProxyAsync(node, HttpMethod.Get, path, headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {forged}" });
            Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(body, Is.EqualTo("""{"message":"Invalid signature"}"""));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer error=\"invalid_token\""));
            response.Dispose();
        }
    }

    [Test]
    public async Task Rs256Tutorial_PemUploadedAsMultipartFile_OnBothNodes()
    {
        var a = ClusterSetUp.UpstreamA;
        var (_, route, path) = await Kong.CreateServiceAndRouteAsync(a.Url, "jwt-rs");
        Assert.That((await Kong.FormAsync(HttpMethod.Post, $"/routes/{route}/plugins", ("name", "jwt"), ("config.claims_to_verify", "exp"))).Status, Is.EqualTo(HttpStatusCode.Created));
        var username = Kong.UniqueName("rs-user");
        Assert.That((await Kong.FormAsync(HttpMethod.Post, "/consumers", ("username", username))).Status, Is.EqualTo(HttpStatusCode.Created));

        // curl -X POST http://localhost:8001/consumers/{user}/jwt -F rsa_public_key=@jwt-public.pem -F algorithm=RS256 -F key=test-key
        using var rsa = RSA.Create(2048);
        var issuer = Kong.UniqueName("test-key");
        var upload = new HttpRequestMessage(HttpMethod.Post, $"/consumers/{username}/jwt")
        {
            Content = new MultipartFormDataContent
            {
                { new ByteArrayContent(Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem())), "rsa_public_key", "jwt-public.pem" },
                { new StringContent("RS256"), "algorithm" },
                { new StringContent(issuer), "key" },
            },
        };
        var credential = await Kong.SendAsync(upload);
        Assert.That(credential.Status, Is.EqualTo(HttpStatusCode.Created), credential.ToString());

        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var token = Rs256($$"""{"iss":"{{issuer}}","exp":{{exp}}}""", rsa);
        var echoes = await Kong.WaitForEchoOnAllAsync(path, e => e.Upstream == a.Name, headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" });
        Assert.That(echoes.Select(e => e.Headers.GetValueOrDefault("x-consumer-username")), Is.All.EqualTo(username));

        var expired = Rs256($$"""{"iss":"{{issuer}}","exp":{{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()}}}""", rsa);
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            var (status, body, response) = await Kong.ProxyAsync(node, HttpMethod.Get, path, headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {expired}" });
            response.Dispose();
            Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(JsonNode.Parse(body)?["exp"]?.ToString(), Is.EqualTo("token expired"), body);
        }

        // A consumer-scoped jwt plugin is refused as Kong refuses it.
        var scoped = await Kong.FormAsync(HttpMethod.Post, $"/consumers/{username}/plugins", ("name", "jwt"));
        Assert.That(scoped.Status, Is.EqualTo(HttpStatusCode.BadRequest), scoped.ToString());
        Assert.That(scoped.Body?["fields"]?["consumer"]?.ToString(), Is.EqualTo("value must be null"));
    }

    private static string Hs256(string claims, string secret)
    {
        var signingInput = $"{B64("""{"alg":"HS256","typ":"JWT"}""")}.{B64(claims)}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{B64(signature)}";
    }

    private static string Rs256(string claims, RSA rsa)
    {
        var signingInput = $"{B64("""{"alg":"RS256","typ":"JWT"}""")}.{B64(claims)}";
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{B64(signature)}";
    }

    private static string B64(string text) => B64(Encoding.UTF8.GetBytes(text));

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
