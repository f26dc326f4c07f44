using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>
/// The x-custom-jwt walkthrough (reference §2.8) on both data planes: a JWKS published by request-termination with
/// cors, a basic-auth route on an httpbin-like service, consumer contact@konghq.com with a custom id, credential
/// my-user / "My p@ssword!", and x-custom-jwt signing with a private JWK. npm's jose fetches the JWKS from each data
/// plane and verifies the token the upstream received. The <c>/mtlsAuth</c> route does the same over each data plane's
/// TLS listener with a client certificate (the subject of the README's <c>01.pem</c>) issued by a CA uploaded to
/// <c>/ca_certificates</c> as a multipart file.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KonnectWalkthroughTests
{
    [Test]
    public async Task XCustomJwtWalkthrough_UpstreamTokenVerifiesAgainstThePublishedJwks()
    {
        var keys = JsonNode.Parse(await NodeTokens.RunAsync("jwks.mjs", """{"command":"keypair","alg":"RS256","kid":"kong"}"""))!;
        var prefix = "/" + Kong.UniqueName("konnect");

        // The JWKS route: no service, request-termination serves the public keys, cors lets jwt.io fetch them.
        var jwksRoute = Kong.UniqueName("x-custom-jwt-jwks");
        Expect(await Kong.FormAsync(HttpMethod.Post, "/routes", ("name", jwksRoute), ("paths[]", $"{prefix}/x-custom-jwt/jwks")));
        Expect(await Kong.JsonAsync(HttpMethod.Post, $"/routes/{jwksRoute}/plugins", new
        {
            name = "request-termination",
            config = new { status_code = 200, content_type = "application/json", body = keys["jwks"]!.ToJsonString() },
        }));
        Expect(await Kong.JsonAsync(HttpMethod.Post, $"/routes/{jwksRoute}/plugins", new { name = "cors", config = new { origins = new[] { "*" } } }));

        // The httpbin-like service with x-custom-jwt, and its basic-auth route.
        var service = Kong.UniqueName("httpbin");
        Expect(await Kong.FormAsync(HttpMethod.Post, "/services", ("name", service), ("url", ClusterSetUp.UpstreamA.Url + "/anything")));
        Expect(await Kong.JsonAsync(HttpMethod.Post, $"/services/{service}/plugins", new
        {
            name = "x-custom-jwt",
            config = new { private_jwk = keys["privateJwk"]!.ToJsonString(), verbose = true, downstream_custom_jwt_header = "X-Custom-Jwt" },
        }));
        var basicRoute = Kong.UniqueName("basicAuth");
        Expect(await Kong.FormAsync(HttpMethod.Post, $"/services/{service}/routes", ("name", basicRoute), ("paths[]", $"{prefix}/basicAuth")));
        Expect(await Kong.FormAsync(HttpMethod.Post, $"/routes/{basicRoute}/plugins", ("name", "basic-auth")));

        var username = Kong.UniqueName("contact") + "@konghq.com";
        Expect(await Kong.FormAsync(HttpMethod.Post, "/consumers", ("username", username), ("custom_id", username + "-ID1")));
        var login = Kong.UniqueName("my-user");
        Expect(await Kong.FormAsync(HttpMethod.Post, $"/consumers/{username}/basic-auth", ("username", login), ("password", "My p@ssword!")));

        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login}:My p@ssword!"));
        var echoes = await Kong.WaitForEchoOnAllAsync($"{prefix}/basicAuth", e => e.Headers.ContainsKey("x-custom-jwt"), headers: new Dictionary<string, string> { ["Authorization"] = basic });
        var nodes = ClusterSetUp.System.DataPlanes;
        for (var i = 0; i < nodes.Count; i++)
        {
            var jwksUrl = $"{nodes[i].ProxyUrl}{prefix}/x-custom-jwt/jwks";
            var verified = JsonNode.Parse(await NodeTokens.RunAsync("jwks.mjs", new JsonObject
            {
                ["command"] = "verify",
                ["jwksUrl"] = jwksUrl,
                ["token"] = echoes[i].Headers["x-custom-jwt"],
                ["algorithms"] = new JsonArray("RS256"),
            }.ToJsonString()))!;
            Assert.That(verified["error"], Is.Null, $"{nodes[i].Name}: {verified}");
            var header = verified["protectedHeader"]!;
            var claims = verified["payload"]!;
            Assert.That((string?)header["kid"], Is.EqualTo("kong"));
            Assert.That((string?)header["jku"], Is.EqualTo("https://kong-gateway:8443/x-custom-jwt/jwks"));
            Assert.That((string?)claims["client_id"], Is.EqualTo(login));
            Assert.That((string?)claims["act"]!["client_id"], Is.EqualTo(username + "-ID1"));
            Assert.That((string?)claims["aud"], Is.EqualTo(ClusterSetUp.UpstreamA.Url + "/anything"));
            Assert.That((long)claims["exp"]! - (long)claims["iat"]!, Is.EqualTo(1800));
        }

        // jwt.io's view: a cross-origin fetch of the JWKS is allowed.
        var (status, body, response) = await Kong.ProxyAsync(nodes[0], HttpMethod.Get, $"{prefix}/x-custom-jwt/jwks", headers: new Dictionary<string, string> { ["Origin"] = "https://jwt.io" });
        using (response)
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
            Assert.That(JsonNode.Parse(body)!["keys"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(body, Does.Not.Contain("\"d\""), "only the public key is published");
        }

        // mtls-auth: the CA uploaded like `curl -F cert=@ca.pem`, the client certificate presented on the TLS port.
        var ca = TestCertificates.CreateCa("C=US, ST=California, L=San Francisco, O=Kong Inc., CN=Kong");
        var upload = new HttpRequestMessage(HttpMethod.Post, "/ca_certificates")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent(Encoding.ASCII.GetBytes(ca.ExportCertificatePem())), "cert", "ca.cert.pem" } },
        };
        var uploaded = await Kong.SendAsync(upload);
        Expect(uploaded);
        var mtlsRoute = Kong.UniqueName("mtlsAuth");
        Expect(await Kong.FormAsync(HttpMethod.Post, $"/services/{service}/routes", ("name", mtlsRoute), ("paths[]", $"{prefix}/mtlsAuth")));
        Expect(await Kong.JsonAsync(HttpMethod.Post, $"/routes/{mtlsRoute}/plugins", new
        {
            name = "mtls-auth",
            config = new { ca_certificates = new[] { (string)uploaded.Body!["id"]! }, consumer_by = new[] { "username", "custom_id" }, authenticated_group_by = "CN" },
        }));

        // The consumer is found by the certificate's e-mail SAN (its username); its CN "kong" names nobody.
        var client = TestCertificates.CreateClient(ca, TestCertificates.KonnectClientSubject(), emails: [username]);
        foreach (var node in nodes)
        {
            var serverCertificate = await File.ReadAllTextAsync(Path.Combine(node.CacheDirectory, "tls", "server.crt"));
            using var tls = TestCertificates.TlsClient(serverCertificate, client);
            var echo = await Poll.UntilAsync(
                async () =>
                {
                    using var response = await tls.GetAsync(new Uri($"{node.ProxyTlsUrl}{prefix}/mtlsAuth"));
                    var text = await response.Content.ReadAsStringAsync();
                    var parsed = response.StatusCode == HttpStatusCode.OK ? EchoedRequest.TryParse(text) : null;
                    return parsed is not null && parsed.Headers.ContainsKey("x-custom-jwt") ? parsed : null;
                },
                what: $"{node.Name} to proxy {prefix}/mtlsAuth over TLS");
            var verified = JsonNode.Parse(await NodeTokens.RunAsync("jwks.mjs", new JsonObject
            {
                ["command"] = "verify",
                ["jwksUrl"] = $"{node.ProxyUrl}{prefix}/x-custom-jwt/jwks",
                ["token"] = echo.Headers["x-custom-jwt"],
                ["algorithms"] = new JsonArray("RS256"),
            }.ToJsonString()))!;
            Assert.That(verified["error"], Is.Null, $"{node.Name}: {verified}");
            Assert.That((string?)verified["payload"]!["client_id"], Is.EqualTo(TestCertificates.KonnectClientDn));
            Assert.That((string?)verified["payload"]!["act"]!["client_id"], Is.EqualTo(username + "-ID1"));

            // Without a certificate, or on the plain port, mtls-auth answers Kong's 401.
            using var anonymousTls = TestCertificates.TlsClient(serverCertificate);
            using var noCertificate = await anonymousTls.GetAsync(new Uri($"{node.ProxyTlsUrl}{prefix}/mtlsAuth"));
            Assert.That(noCertificate.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await noCertificate.Content.ReadAsStringAsync(), Does.Contain("No required TLS certificate was sent"));
        }

        // A wrong password never reaches x-custom-jwt.
        var wrong = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login}:wrong"));
        var (refused, _, refusedResponse) = await Kong.ProxyAsync(nodes[0], HttpMethod.Get, $"{prefix}/basicAuth", headers: new Dictionary<string, string> { ["Authorization"] = wrong });
        refusedResponse.Dispose();
        Assert.That(refused, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static void Expect(AdminReply reply) =>
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.ToString());
}
