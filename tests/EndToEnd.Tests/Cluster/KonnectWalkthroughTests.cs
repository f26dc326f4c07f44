using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.Tests.Common;

namespace HybridGateway.EndToEnd.Tests.Cluster;

/// <summary>
/// The x-custom-jwt walkthrough (reference §2.8) on both data planes: a JWKS published by request-termination with
/// cors, a basic-auth route on an httpbin-like service, consumer contact@konghq.com with a custom id, credential
/// my-user / "My p@ssword!", and x-custom-jwt signing with a private JWK. npm's jose fetches the JWKS from each data
/// plane and verifies the token the upstream received.
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

        // A wrong password never reaches x-custom-jwt.
        var wrong = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login}:wrong"));
        var (refused, _, refusedResponse) = await Kong.ProxyAsync(nodes[0], HttpMethod.Get, $"{prefix}/basicAuth", headers: new Dictionary<string, string> { ["Authorization"] = wrong });
        refusedResponse.Dispose();
        Assert.That(refused, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static void Expect(AdminReply reply) =>
        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.ToString());
}
