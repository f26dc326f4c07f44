using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins.Custom;
using HybridGateway.Shared.Snapshots;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Plugins.Custom;

/// <summary>A whole config with custom plugins: their manifests travel with it and validate their instances, on both planes.</summary>
public sealed class CustomPluginConfigValidationTests
{
    private static readonly CustomPluginManifest AddHeader = new()
    {
        Name = "add-header",
        Version = "1.0.0",
        Priority = 800,
        Phases = ["access"],
        Schema = JsonNode.Parse("""{"type":"object","properties":{"header":{"type":"string","default":"X-Added"},"value":{"type":"string"}},"required":["value"],"additionalProperties":false}""")!.AsObject(),
    };

    private static GatewayConfig WithInstance(string config, params CustomPluginManifest[] manifests) => new()
    {
        CustomPlugins = manifests,
        Plugins = [new PluginConfig { Id = Guid.NewGuid(), Name = "add-header", Config = JsonDocument.Parse(config).RootElement.Clone() }],
    };

    [Test]
    public void AnInstance_ThatFitsItsCustomSchema_IsValid()
    {
        Assert.That(ConfigValidator.Validate(WithInstance("""{"header":"X-A","value":"1"}""", AddHeader)), Is.Empty);
    }

    [Test]
    public void AnInstance_ThatDoesNot_IsReportedWithTheFieldPath()
    {
        var errors = ConfigValidator.Validate(WithInstance("""{"colour":"blue"}""", AddHeader));

        Assert.That(errors, Has.Some.Contains("config.value").And.Some.Contains("config.colour"));
    }

    [Test]
    public void AnInstance_OfACustomPluginTheConfigLacks_IsNotEnabled()
    {
        Assert.That(ConfigValidator.Validate(WithInstance("""{"value":"1"}""")), Has.Some.Contains("not enabled"));
    }

    [Test]
    public void ABrokenManifest_OrARepeatedName_IsReported()
    {
        var broken = AddHeader with { Name = "Bad Name" };

        Assert.That(ConfigValidator.Validate(new GatewayConfig { CustomPlugins = [broken] }), Has.Some.Contains("custom_plugins 'Bad Name': name"));
        Assert.That(ConfigValidator.Validate(new GatewayConfig { CustomPlugins = [AddHeader, AddHeader] }), Has.Some.Contains("not unique"));
    }

    [Test]
    public void Manifests_SurviveTheSnapshotCodec()
    {
        var config = WithInstance("""{"value":"1"}""", AddHeader);
        var encoded = SnapshotCodec.Encode(config);

        var decoded = SnapshotCodec.Decode(encoded.Compressed, encoded.Hash);

        Assert.That(decoded.CustomPlugins.Single().Name, Is.EqualTo("add-header"));
        Assert.That(JsonNode.DeepEquals(decoded.CustomPlugins.Single().Schema, AddHeader.Schema), Is.True);
        Assert.That(ConfigValidator.Validate(decoded), Is.Empty);
    }
}
