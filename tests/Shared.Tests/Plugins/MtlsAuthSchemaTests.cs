using System.Text.Json.Nodes;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.MtlsAuth;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Plugins;

public sealed class MtlsAuthSchemaTests
{
    private static readonly PluginCatalog Catalog = new([MtlsAuthSchema.Definition]);

    [TestCase("""{}""", "config.ca_certificates: required field missing")]
    [TestCase("""{"ca_certificates":[]}""", "config.ca_certificates: length must be at least 1")]
    [TestCase("""{"ca_certificates":["not-a-uuid"]}""", "expected a valid UUID")]
    [TestCase("""{"ca_certificates":["6f5c1d2e-0000-4000-8000-000000000001"],"authenticated_group_by":"OU"}""", "config.authenticated_group_by: expected one of: CN, DN")]
    [TestCase("""{"ca_certificates":["6f5c1d2e-0000-4000-8000-000000000001"],"consumer_by":["email"]}""", "expected one of: username, custom_id")]
    [TestCase("""{"ca_certificates":["6f5c1d2e-0000-4000-8000-000000000001"],"revocation_check_mode":"STRICT"}""", "config.revocation_check_mode: STRICT is not supported")]
    [TestCase("""{"ca_certificates":["6f5c1d2e-0000-4000-8000-000000000001"],"revocation_check_mode":"OCSP"}""", "config.revocation_check_mode: expected one of: SKIP, IGNORE_CA_ERROR, STRICT")]
    public void Refused(string config, string message)
    {
        var result = Process(config);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.ToKongMessage(), Does.Contain(message));
    }

    [Test]
    public void Defaults_AreKongs()
    {
        var result = Process("""{"ca_certificates":["6f5c1d2e-0000-4000-8000-000000000001"]}""");

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        var config = result.Entity["config"]!;
        Assert.That((bool?)config["skip_consumer_lookup"], Is.False);
        Assert.That((string?)config["authenticated_group_by"], Is.EqualTo("CN"));
        Assert.That(config["consumer_by"]!.AsArray().Select(v => (string?)v), Is.EqualTo(new[] { "username", "custom_id" }));
        Assert.That((bool?)config["allow_partial_chain"], Is.False);
        Assert.That((string?)config["revocation_check_mode"], Is.EqualTo("IGNORE_CA_ERROR"));
        Assert.That((int?)config["cert_cache_ttl"], Is.EqualTo(60000));
        Assert.That(MtlsAuthSchema.Definition.Priority, Is.EqualTo(1600));
        Assert.That(BundledPlugins.Catalog.TryGet("mtls-auth", out _), Is.True);
    }

    [Test]
    public void ConfigReference_ReadsTheIds()
    {
        var reference = MtlsAuthSchema.Definition.References.Single();
        var config = JsonNode.Parse("""{"ca_certificates":["a","b"]}""");

        Assert.That(reference.Entity, Is.EqualTo("ca_certificates"));
        Assert.That(reference.IdsIn(config), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(reference.IdsIn(null), Is.Empty);
    }

    private static ProcessResult Process(string config) =>
        SchemaProcessor.Process(EntitySchemas.Plugins(Catalog), JsonNode.Parse($$"""{"name":"mtls-auth","config":{{config}}}""")!.AsObject());
}
