using System.Text.Json.Nodes;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.Jwks;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Plugins;

public sealed class JwksSchemaTests
{
    private static readonly PluginCatalog Catalog = new([JwksSchema.Definition]);

    [TestCase("""{}""", "config.key_set: required field missing")]
    [TestCase("""{"key_set":"s","max_age":-1}""", "config.max_age: value should be between 0 and 86400")]
    public void Refused(string config, string message)
    {
        var result = SchemaProcessor.Process(EntitySchemas.Plugins(Catalog), JsonNode.Parse($$"""{"name":"jwks","config":{{config}}}""")!.AsObject());

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.ToKongMessage(), Does.Contain(message));
    }

    [Test]
    public void KeySet_DefaultMaxAgeFiveMinutes()
    {
        var result = SchemaProcessor.Process(EntitySchemas.Plugins(Catalog), JsonNode.Parse("""{"name":"jwks","config":{"key_set":"signing"}}""")!.AsObject());

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        Assert.That((int?)result.Entity["config"]!["max_age"], Is.EqualTo(300));
    }
}
