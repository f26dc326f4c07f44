using System.Text.Json.Nodes;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.UpstreamJwt;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Plugins;

public sealed class UpstreamJwtSchemaTests
{
    private static readonly PluginCatalog Catalog = new([UpstreamJwtSchema.Definition]);

    private static ProcessResult Process(string config) =>
        SchemaProcessor.Process(EntitySchemas.Plugins(Catalog), JsonNode.Parse($$"""{"name":"upstream-jwt","config":{{config}}}""")!.AsObject());

    [Test]
    public void KeyFile_FillsDefaults_OptumsHeaderAndLifetime()
    {
        var result = Process("""{"private_key_location":"/etc/gw/key.pem"}""");

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        var config = result.Entity["config"]!;
        Assert.That((string?)config["header"], Is.EqualTo("JWT"));
        Assert.That((int?)config["expires_in"], Is.EqualTo(60));
        Assert.That((int?)config["max_body_size"], Is.EqualTo(8 * 1024 * 1024));
        Assert.That((bool?)config["include_credential_type"], Is.False);
    }

    [TestCase("""{}""", "config: private_key_location or key_set is required")]
    [TestCase("""{"private_key_location":"/k.pem","key_set":"s"}""", "config: only one of private_key_location and key_set may be set")]
    [TestCase("""{"key_set":"s","public_key_location":"/c.cer"}""", "config.public_key_location: needs private_key_location: key sets carry no certificate")]
    [TestCase("""{"key_set":"s","algorithm":"HS256"}""", "config.algorithm: expected one of:")]
    [TestCase("""{"key_set":"s","header":"bad header"}""", "config.header: bad header name 'bad header'")]
    [TestCase("""{"key_set":"s","expires_in":0}""", "config.expires_in: value should be between 1 and 86400")]
    public void Refused(string config, string message)
    {
        var result = Process(config);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.ToKongMessage(), Does.Contain(message));
    }
}
