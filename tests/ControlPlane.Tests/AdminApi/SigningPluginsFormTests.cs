using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace HybridGateway.ControlPlane.Tests.AdminApi;

/// <summary>The README's form-encoded curl steps for the signing plugins, as curl sends them.</summary>
public sealed class SigningPluginsFormTests : ControlPlaneTest
{
    [Test]
    public async Task ReadmeQuickStart_XCustomJwtJwksRouteCorsAndJwksPlugin_AreAccepted()
    {
        await Client.PostJsonAsync("/services", """{"name":"example_service","url":"http://httpbin.konghq.com/anything"}""");
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(true);
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var jwk = new JsonObject { ["kty"] = "RSA", ["kid"] = "kong", ["alg"] = "RS256", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!), ["d"] = B64(p.D!), ["p"] = B64(p.P!), ["q"] = B64(p.Q!), ["dp"] = B64(p.DP!), ["dq"] = B64(p.DQ!), ["qi"] = B64(p.InverseQ!) }.ToJsonString();

        // --data name=x-custom-jwt --data-urlencode config.private_jwk@private-jwk.json --data config.verbose=true
        var signing = await Client.SendFormAsync(HttpMethod.Post, "/services/example_service/plugins", $"name=x-custom-jwt&config.private_jwk={Uri.EscapeDataString(jwk)}&config.verbose=true");
        Assert.That(signing.StatusCode, Is.EqualTo(HttpStatusCode.Created), await signing.Content.ReadAsStringAsync());
        Assert.That((bool?)(await signing.BodyAsync())["config"]!["verbose"], Is.True);

        Assert.That((await Client.SendFormAsync(HttpMethod.Post, "/routes", "name=jwks&paths[]=/x-custom-jwt/jwks")).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var termination = await Client.SendFormAsync(HttpMethod.Post, "/routes/jwks/plugins", $"name=request-termination&config.status_code=200&config.content_type=application/json&config.body={Uri.EscapeDataString("""{"keys":[]}""")}");
        Assert.That(termination.StatusCode, Is.EqualTo(HttpStatusCode.Created), await termination.Content.ReadAsStringAsync());
        var cors = await Client.SendFormAsync(HttpMethod.Post, "/routes/jwks/plugins", "name=cors&config.origins[]=*");
        Assert.That(cors.StatusCode, Is.EqualTo(HttpStatusCode.Created), await cors.Content.ReadAsStringAsync());
        Assert.That((string?)(await cors.BodyAsync())["config"]!["origins"]![0], Is.EqualTo("*"));

        // --data name=jwks --data config.key_set=signing, on a route of its own
        Assert.That((await Client.SendFormAsync(HttpMethod.Post, "/routes", "name=signing-jwks&paths[]=/.well-known/jwks.json")).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var jwks = await Client.SendFormAsync(HttpMethod.Post, "/routes/signing-jwks/plugins", "name=jwks&config.key_set=signing");
        Assert.That(jwks.StatusCode, Is.EqualTo(HttpStatusCode.Created), await jwks.Content.ReadAsStringAsync());
    }
}
