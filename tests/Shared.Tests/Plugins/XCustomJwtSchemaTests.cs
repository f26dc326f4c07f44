using System.Text.Json.Nodes;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.XCustomJwt;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Plugins;

public sealed class XCustomJwtSchemaTests
{
    private static readonly PluginCatalog Catalog = new([XCustomJwtSchema.Definition]);

    [TestCase("""{}""", "config: private_jwk or key_set is required")]
    [TestCase("""{"key_set":"signing","private_jwk":"{}"}""", "config: only one of private_jwk and key_set may be set")]
    [TestCase("""{"private_jwk":"{\"kty\":\"oct\",\"k\":\"c2hvcnQ\"}"}""", "config.private_jwk: HS256 needs a key of at least 32 bytes (RFC 7518 §3.2)")]
    [TestCase("""{"private_jwk":"{}","kid":"k1"}""", "config.kid: kid needs key_set")]
    [TestCase("""{"key_set":"signing","iss":"not a url"}""", "config.iss: missing scheme in url")]
    public void Refused(string config, string message)
    {
        var result = SchemaProcessor.Process(EntitySchemas.Plugins(Catalog), JsonNode.Parse($$"""{"name":"x-custom-jwt","config":{{config}}}""")!.AsObject());

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.ToKongMessage(), Does.Contain(message));
    }

    [Test]
    public void KeySetWithKid_FillsTheOriginalsDefaults()
    {
        var result = SchemaProcessor.Process(EntitySchemas.Plugins(Catalog), JsonNode.Parse("""{"name":"x-custom-jwt","config":{"key_set":"signing","kid":"2026-11"}}""")!.AsObject());

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        var config = result.Entity["config"]!;
        Assert.That((int?)config["expires_in"], Is.EqualTo(1800));
        Assert.That((string?)config["upstream_custom_jwt_header"], Is.EqualTo("X-Custom-Jwt"));
        Assert.That((string?)config["iss"], Is.EqualTo("https://kong-gateway:8443/x-custom-jwt"));
    }
}
