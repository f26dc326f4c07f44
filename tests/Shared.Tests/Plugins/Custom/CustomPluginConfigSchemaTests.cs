using System.Text.Json.Nodes;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.Custom;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Plugins.Custom;

public sealed class CustomPluginConfigSchemaTests
{
    private static CustomPluginConfigSchema Schema(string schema)
    {
        var errors = new FieldErrors();
        var manifest = CustomPluginUpload.Validate(
            new JsonObject { ["name"] = "sample", ["version"] = "1.0.0", ["priority"] = 10, ["phases"] = new JsonArray("access"), ["schema"] = JsonNode.Parse(schema) },
            BundledPlugins.Catalog,
            errors);
        Assert.That(errors.HasErrors, Is.False, string.Join("; ", errors.Fields));
        return new CustomPluginConfigSchema(manifest!);
    }

    [Test]
    public void Defaults_AreFilled_AtEveryLevel_ThroughReferences()
    {
        var schema = Schema("""
            {"type":"object","$defs":{"limits":{"type":"object","properties":{"max":{"type":"integer","default":10}}}},
             "properties":{"header":{"type":"string","default":"X-Added"},"limits":{"$ref":"#/$defs/limits"}}}
            """);

        var result = schema.Process(new JsonObject { ["limits"] = new JsonObject() });

        Assert.That(result.IsValid, Is.True);
        Assert.That((string?)result.Entity["header"], Is.EqualTo("X-Added"));
        Assert.That((int?)result.Entity["limits"]!["max"], Is.EqualTo(10));
    }

    [Test]
    public void EveryError_IsReported_UnderItsFieldPath_InKongsWords()
    {
        var schema = Schema("""
            {"type":"object","additionalProperties":false,
             "properties":{"value":{"type":"string","maxLength":3},"nested":{"type":"object","properties":{"n":{"type":"integer","minimum":1}},"required":["n"]}},
             "required":["value"]}
            """);

        var result = schema.Process(JsonNode.Parse("""{"nested":{},"extra":1}""")!.AsObject());

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Fields["value"], Is.EqualTo("required field missing"));
        Assert.That(result.Errors.Fields["nested.n"], Is.EqualTo("required field missing"));
        Assert.That(result.Errors.Fields["extra"], Is.EqualTo("unknown field"));

        var tooLong = schema.Process(JsonNode.Parse("""{"value":"abcdef","nested":{"n":0}}""")!.AsObject());
        Assert.That(tooLong.Errors.Fields["value"], Does.Contain("too long"));
        Assert.That(tooLong.Errors.Fields["nested.n"], Does.Contain("too small"));
    }

    [Test]
    public void TheInputIsNotChanged()
    {
        var schema = Schema("""{"type":"object","properties":{"header":{"type":"string","default":"X-Added"}}}""");
        var input = new JsonObject();

        schema.Process(input);

        Assert.That(input.Count, Is.Zero);
    }

    [Test]
    public void FormInput_IsCoerced_ByTheSchemasTypes_LikeABundledPlugins()
    {
        var definition = new CustomPluginManifest
        {
            Name = "sample",
            Version = "1.0.0",
            Priority = 1,
            Phases = ["access"],
            Schema = JsonNode.Parse("""
                {"type":"object","properties":{"count":{"type":"integer"},"on":{"type":"boolean"},"tags":{"type":"array","items":{"type":"string"}},
                 "nested":{"type":"object","properties":{"ratio":{"type":"number"}}}}}
                """)!.AsObject(),
        }.ToDefinition();
        var catalog = PluginCatalog.With(BundledPlugins.Catalog, [definition]);

        // config.count=3&config.on=true&config.tags[]=a&config.nested.ratio=0.5, as the form decoder hands it over
        var form = JsonNode.Parse("""{"name":"sample","config":{"count":"3","on":"true","tags":["a"],"nested":{"ratio":"0.5"}}}""")!.AsObject();
        var config = EntitySchemas.CoercePluginFormInput(catalog, form)["config"]!;

        Assert.That(config.ToJsonString(), Is.EqualTo("""{"count":3,"on":true,"tags":["a"],"nested":{"ratio":0.5}}"""));
        Assert.That(definition.ConfigSchema.Fields.Select(f => (f.Name, f.Type)), Is.EqualTo(new[] { ("count", FieldType.Integer), ("on", FieldType.Boolean), ("tags", FieldType.Array), ("nested", FieldType.Record) }));
    }
}
