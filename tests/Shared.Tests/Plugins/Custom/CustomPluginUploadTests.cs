using System.Text.Json.Nodes;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.Custom;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Plugins.Custom;

public sealed class CustomPluginUploadTests
{
    private static JsonObject Upload(JsonObject? schema = null) => new()
    {
        ["name"] = "add-header",
        ["version"] = "1.0.0",
        ["priority"] = 800,
        ["phases"] = new JsonArray("access"),
        ["description"] = "Adds a header from its config.",
        ["schema"] = schema ?? new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["header"] = new JsonObject { ["type"] = "string", ["default"] = "X-Added" },
                ["value"] = new JsonObject { ["type"] = "string", ["maxLength"] = 8 },
            },
            ["required"] = new JsonArray("value"),
            ["additionalProperties"] = false,
        },
    };

    private static (CustomPluginManifest? Manifest, FieldErrors Errors) Validate(JsonObject upload)
    {
        var errors = new FieldErrors();
        return (CustomPluginUpload.Validate(upload, BundledPlugins.Catalog, errors), errors);
    }

    [Test]
    public void AValidUpload_IsAccepted()
    {
        var (manifest, errors) = Validate(Upload());

        Assert.That(errors.HasErrors, Is.False, string.Join("; ", errors.Fields));
        Assert.That(manifest!.Name, Is.EqualTo("add-header"));
        Assert.That(manifest.Phases, Is.EqualTo(new[] { "access" }));
    }

    [Test]
    public void EveryManifestProblem_IsReported_AtOnce_NamingItsField()
    {
        var upload = new JsonObject
        {
            ["name"] = "Bad_Name",
            ["version"] = "1.0",
            ["priority"] = "high",
            ["phases"] = new JsonArray("access", "rewrite", "access"),
            ["schema"] = new JsonObject { ["type"] = "object" },
            ["colour"] = "blue",
        };

        var (manifest, errors) = Validate(upload);

        Assert.That(manifest, Is.Null);
        Assert.That(errors.Fields.Keys, Is.SupersetOf(new[] { "name", "version", "priority", "phases.2", "phases.3", "colour" }));
    }

    [Test]
    public void ABundledPluginsName_IsRefused()
    {
        var upload = Upload();
        upload["name"] = "jwt";

        Assert.That(Validate(upload).Errors.Fields["name"], Does.Contain("bundled"));
    }

    [TestCase("""{"type":"object","properties":{"a":{"$ref":"https://evil.example/schema.json"}}}""", "schema.properties.a.$ref")]
    [TestCase("""{"type":"object","properties":{"a":{"$ref":"file:///etc/passwd"}}}""", "schema.properties.a.$ref")]
    [TestCase("""{"type":"object","properties":{"a":{"$ref":"other.json#/x"}}}""", "schema.properties.a.$ref")]
    [TestCase("""{"type":"object","$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"properties":{"x":{"$ref":"#/$defs/a"}}}""", "schema.$defs.a.$ref")]
    [TestCase("""{"type":"array"}""", "schema.type")]
    [TestCase("""{"properties":{}}""", "schema.type")]
    [TestCase("""{"type":"object","$schema":"http://json-schema.org/draft-04/schema#"}""", "schema.$schema")]
    [TestCase("""{"type":"object","properties":[]}""", "schema.properties")]
    [TestCase("""{"type":"object","required":"a"}""", "schema.required")]
    [TestCase("""{"type":"object","properties":{"a":{"type":"strin"}}}""", "schema.properties.a.type")]
    public void BadSchemas_AreRefused_NamingWhere(string schema, string field)
    {
        var (manifest, errors) = Validate(Upload(JsonNode.Parse(schema)!.AsObject()));

        Assert.That(manifest, Is.Null);
        Assert.That(errors.Fields.Keys, Does.Contain(field), string.Join("; ", errors.Fields));
    }

    [Test]
    public void ASchemaThatIsNotAnObject_IsRefused()
    {
        var upload = Upload();
        upload["schema"] = "just text";

        Assert.That(Validate(upload).Errors.Fields["schema"], Does.Contain("JSON Schema object"));
    }

    [Test]
    public void HugeAndDeepSchemas_AreRefused_BeforeAnythingWalksThem()
    {
        var huge = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
        for (var i = 0; i < 5000; i++)
        {
            huge["properties"]!.AsObject()[$"field{i}"] = new JsonObject { ["type"] = "string", ["description"] = "padding padding padding" };
        }

        JsonObject deep = new() { ["type"] = "object" };
        var root = deep;
        for (var i = 0; i < 200; i++)
        {
            var inner = new JsonObject { ["type"] = "object" };
            deep["properties"] = new JsonObject { ["x"] = inner };
            deep = inner;
        }

        Assert.That(Validate(Upload(huge)).Errors.Fields["schema"], Does.Contain("larger than"));
        Assert.That(Validate(Upload(root)).Errors.Fields["schema"], Does.Contain("deeper than"));
    }

    [Test]
    public void RecursiveSchemas_ThatReachASchema_AreFine()
    {
        var tree = JsonNode.Parse("""
            {"type":"object","$defs":{"node":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/$defs/node"}}}}},
             "properties":{"root":{"$ref":"#/$defs/node"}}}
            """)!.AsObject();

        Assert.That(Validate(Upload(tree)).Errors.HasErrors, Is.False);
    }
}
