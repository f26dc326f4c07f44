using System.Text.Json.Nodes;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.Cors;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Plugins;

public sealed class CorsSchemaTests
{
    private static readonly PluginCatalog Catalog = new([CorsSchema.Definition]);

    private static ProcessResult ProcessPlugin(string json) =>
        SchemaProcessor.Process(EntitySchemas.Plugins(Catalog), JsonNode.Parse(json)!.AsObject());

    [Test]
    public void Process_EmptyConfig_FillsKongsDefaults()
    {
        var result = ProcessPlugin("""{"name":"cors"}""");

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        Assert.That(result.Entity["config"]!.ToJsonString(), Is.EqualTo(
            """{"origins":null,"headers":null,"exposed_headers":null,"methods":["GET","HEAD","PUT","PATCH","POST","DELETE","OPTIONS","TRACE","CONNECT"],"max_age":null,"credentials":false,"private_network":false,"preflight_continue":false,"allow_origin_absent":true}"""));
        Assert.That(Catalog.TryGet("cors", out var cors) && cors!.Priority == 2000, Is.True);
    }

    [TestCase("""{"origins":["*","https://a.example","(.*)\\.b\\.example"]}""", true, null)]
    [TestCase("""{"origins":["(unclosed"]}""", false, "schema violation (config.origins.1: '(unclosed' is not a valid regex)")]
    [TestCase("""{"methods":["GET","FETCH"]}""", false, "schema violation (config.methods.2: expected one of: GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS, TRACE, CONNECT)")]
    [TestCase("""{"max_age":"soon"}""", false, "schema violation (config.max_age: expected a number)")]
    public void Process_Config(string config, bool valid, string? message)
    {
        var result = ProcessPlugin($$"""{"name":"cors","config":{{config}}}""");

        Assert.That(result.IsValid, Is.EqualTo(valid), result.Errors.ToKongMessage());
        if (message is not null)
        {
            Assert.That(result.Errors.ToKongMessage(), Is.EqualTo(message));
        }
    }
}
