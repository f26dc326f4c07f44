using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>
/// upstream-jwt on both data planes, configured through the Admin API with key files on the nodes' disk: npm's jose
/// verifies each token the upstream received with the certificate in its own x5c, and payloadhash is compared with
/// the SHA-256 of the body the upstream got, for empty, small, large and chunked bodies.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class UpstreamJwtTests
{
    private string _keys = null!;

    [OneTimeSetUp]
    public void WriteKeyFiles()
    {
        _keys = Path.Combine(Path.GetTempPath(), "hg-e2e-upstream-jwt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_keys);
        using var rsa = RSA.Create(2048);
        File.WriteAllText(Path.Combine(_keys, "upstream-key.pem"), rsa.ExportPkcs8PrivateKeyPem());
        using var certificate = new CertificateRequest("CN=hybrid-gateway", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(Path.Combine(_keys, "upstream.cer"), certificate.Export(X509ContentType.Cert));
    }

    [OneTimeTearDown]
    public void DeleteKeyFiles() => Directory.Delete(_keys, recursive: true);

    [Test]
    public async Task EveryBodyShape_TokenVerifiesWithItsX5c_AndPayloadHashIsTheBodyTheUpstreamGot()
    {
        var a = ClusterSetUp.UpstreamA;
        var (service, route, path) = await Kong.CreateServiceAndRouteAsync(a.Url, "ujwt");
        Expect(await Kong.FormAsync(HttpMethod.Post, $"/routes/{route}/plugins", ("name", "key-auth")));
        Expect(await Kong.FormAsync(
            HttpMethod.Post,
            $"/services/{service}/plugins",
            ("name", "upstream-jwt"),
            ("config.issuer", "hybrid-gateway"),
            ("config.key_id", "upstream-1"),
            ("config.private_key_location", Path.Combine(_keys, "upstream-key.pem")),
            ("config.public_key_location", Path.Combine(_keys, "upstream.cer"))));
        var username = Kong.UniqueName("caller");
        Expect(await Kong.FormAsync(HttpMethod.Post, "/consumers", ("username", username)));
        var key = Kong.UniqueName("key");
        Expect(await Kong.FormAsync(HttpMethod.Post, $"/consumers/{username}/key-auth", ("key", key)));
        await Kong.WaitForEchoOnAllAsync(path, e => e.Headers.ContainsKey("jwt"), headers: new Dictionary<string, string> { ["apikey"] = key });

        var bodies = new (string Name, string? Body, bool Chunked)[]
        {
            ("empty", null, false),
            ("small", """{"order":42,"note":"ünïcode"}""", false),
            ("large", new string('x', 1024 * 1024), false),
            ("chunked", string.Concat(Enumerable.Repeat("chunk-", 40_000)), true),
        };
        foreach (var node in ClusterSetUp.System.DataPlanes)
        {
            foreach (var (name, body, chunked) in bodies)
            {
                using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, path);
                request.Headers.Add("apikey", key);
                request.Headers.Add("JWT", "forged-by-the-client");
                if (body is not null)
                {
                    request.Content = chunked ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))) : new StringContent(body, Encoding.UTF8);
                    request.Headers.TransferEncodingChunked = chunked;
                }

                using var response = await node.Proxy.SendAsync(request);
                var echo = EchoedRequest.TryParse(await response.Content.ReadAsStringAsync());
                Assert.That(echo, Is.Not.Null, $"{node.Name} {name}: {(int)response.StatusCode}");
                Assert.That(echo!.Body, Is.EqualTo(body ?? string.Empty), $"{node.Name} {name}: the upstream got the body sent");

                var verified = JsonNode.Parse(await NodeTokens.RunAsync("jwks.mjs", new JsonObject
                {
                    ["command"] = "verify-x5c",
                    ["token"] = echo.Headers["jwt"],
                    ["algorithms"] = new JsonArray("RS256"),
                }.ToJsonString()))!;
                Assert.That(verified["error"], Is.Null, $"{node.Name} {name}: {verified}");
                var claims = verified["payload"]!;
                var expected = echo.Body.Length == 0 ? string.Empty : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(echo.Body)));
                Assert.That((string?)claims["payloadhash"], Is.EqualTo(expected), $"{node.Name} {name}");
                Assert.That((string?)claims["consumername"], Is.EqualTo(username));
                Assert.That((string?)claims["aud"], Is.EqualTo(service));
                Assert.That((string?)claims["iss"], Is.EqualTo("hybrid-gateway"));
                Assert.That((string?)verified["protectedHeader"]!["kid"], Is.EqualTo("upstream-1"));
            }
        }
    }

    private static void Expect(AdminReply reply) =>
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.ToString());
}
