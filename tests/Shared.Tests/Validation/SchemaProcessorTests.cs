using System.Text.Json.Nodes;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Validation;

public sealed class SchemaProcessorTests
{
    private static ProcessResult Process(Schema schema, string json) =>
        SchemaProcessor.Process(schema, JsonNode.Parse(json)!.AsObject());

    [Test]
    public void Process_ServiceUrlShorthand_SplitsIntoFieldsWithKongDefaults()
    {
        var result = Process(EntitySchemas.Services, """{"name":"example-service","url":"http://httpbin.org/anything"}""");

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        var service = result.Entity;
        Assert.That(service["protocol"]!.GetValue<string>(), Is.EqualTo("http"));
        Assert.That(service["host"]!.GetValue<string>(), Is.EqualTo("httpbin.org"));
        Assert.That(service["port"]!.GetValue<int>(), Is.EqualTo(80));
        Assert.That(service["path"]!.GetValue<string>(), Is.EqualTo("/anything"));
        Assert.That(service["retries"]!.GetValue<int>(), Is.EqualTo(5));
        Assert.That(service["connect_timeout"]!.GetValue<int>(), Is.EqualTo(60000));
        Assert.That(service["enabled"]!.GetValue<bool>(), Is.True);
        Assert.That(service.ContainsKey("tags") && service["tags"] is null, Is.True, "unset fields render as explicit nulls");
        Assert.That(service.ContainsKey("url"), Is.False);
    }

    [TestCase("https://example.com", "https", 443, null)]
    [TestCase("http://example.com/", "http", 80, "/")]
    [TestCase("http://example.com:8080/a/b", "http", 8080, "/a/b")]
    [TestCase("https://10.0.0.1:8443/", "https", 8443, "/")]
    public void Process_ServiceUrl_PortAndPathAsKong(string url, string protocol, int port, string? path)
    {
        var result = Process(EntitySchemas.Services, $$"""{"url":"{{url}}"}""");

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        Assert.That(result.Entity["protocol"]!.GetValue<string>(), Is.EqualTo(protocol));
        Assert.That(result.Entity["port"]!.GetValue<int>(), Is.EqualTo(port));
        Assert.That(result.Entity["path"]?.GetValue<string>(), Is.EqualTo(path));
    }

    [Test]
    public void Process_ServiceErrors_CollectsEveryFieldInSortedOrder()
    {
        var result = Process(EntitySchemas.Services, """{"host":"example.com","port":70000,"retries":-1,"protocol":"ftp","bogus":1}""");

        Assert.That(result.Errors.Fields, Has.Count.EqualTo(4));
        Assert.That(result.Errors.Fields["port"], Is.EqualTo("value should be between 0 and 65535"));
        Assert.That(result.Errors.Fields["retries"], Is.EqualTo("value should be between 0 and 32767"));
        Assert.That(result.Errors.Fields["protocol"], Is.EqualTo("expected one of: http, https"));
        Assert.That(result.Errors.Fields["bogus"], Is.EqualTo("unknown field"));
        Assert.That(
            result.Errors.ToKongMessage(),
            Is.EqualTo("4 schema violations (bogus: unknown field; port: value should be between 0 and 65535; protocol: expected one of: http, https; retries: value should be between 0 and 32767)"));
    }

    [Test]
    public void Process_ServiceWithoutHost_RequiredFieldMissing()
    {
        var result = Process(EntitySchemas.Services, """{"name":"x"}""");

        Assert.That(result.Errors.ToKongMessage(), Is.EqualTo("schema violation (host: required field missing)"));
        Assert.That(result.Errors.ToKongFields().ToJsonString(), Is.EqualTo("""{"host":"required field missing"}"""));
    }

    [Test]
    public void Process_ServicePathWithoutSlash_StartsWithMessage()
    {
        var result = Process(EntitySchemas.Services, """{"host":"h","path":"api"}""");

        Assert.That(result.Errors.Fields["path"], Is.EqualTo("should start with: /"));
    }

    [Test]
    public void Process_RouteWithoutMatchers_KongEntityError()
    {
        var result = Process(EntitySchemas.Routes, """{"name":"r"}""");

        Assert.That(result.Errors.Entity, Is.EqualTo(new[] { "must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'" }));
        Assert.That(result.Errors.ToKongFields()["@entity"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public void Process_HttpOnlyRouteWithoutMatchers_MessageWithoutSnis()
    {
        var result = Process(EntitySchemas.Routes, """{"protocols":["http"]}""");

        Assert.That(result.Errors.Entity, Is.EqualTo(new[] { "must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http'" }));
    }

    [Test]
    public void Process_RouteDefaults_AsKong()
    {
        var result = Process(EntitySchemas.Routes, """{"paths":["/mock"]}""");

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        Assert.That(result.Entity["strip_path"]!.GetValue<bool>(), Is.True);
        Assert.That(result.Entity["preserve_host"]!.GetValue<bool>(), Is.False);
        Assert.That(result.Entity["https_redirect_status_code"]!.GetValue<int>(), Is.EqualTo(426));
        Assert.That(result.Entity["path_handling"]!.GetValue<string>(), Is.EqualTo("v0"));
        Assert.That(result.Entity["protocols"]!.ToJsonString(), Is.EqualTo("""["http","https"]"""));
    }

    [TestCase("""{"paths":["mock"]}""", "paths.1", "should start with: / (fixed path) or ~/ (regex path)")]
    [TestCase("""{"paths":["~/(unclosed"]}""", "paths.1", null)]
    [TestCase("""{"methods":["get"]}""", "methods.1", "invalid value: get")]
    [TestCase("""{"hosts":["*.a.*"]}""", "hosts.1", "invalid wildcard: must have at most one wildcard")]
    [TestCase("""{"hosts":["a.*.b"]}""", "hosts.1", "invalid wildcard: must be placed at leftmost or rightmost label")]
    [TestCase("""{"headers":{"Host":["x"]}}""", "headers.Host", "cannot contain 'host' header, which must be specified in the 'hosts' attribute")]
    [TestCase("""{"paths":["/a"],"https_redirect_status_code":200}""", "https_redirect_status_code", "expected one of: 426, 301, 302, 307, 308")]
    [TestCase("""{"paths":["/a"],"service":{"id":"nope"}}""", "service.id", "expected a valid UUID")]
    public void Process_RouteFieldErrors_NameTheField(string json, string field, string? message)
    {
        var result = Process(EntitySchemas.Routes, json);

        Assert.That(result.Errors.Fields.Keys, Does.Contain(field));
        if (message is not null)
        {
            Assert.That(result.Errors.Fields[field], Is.EqualTo(message));
        }
        else
        {
            Assert.That(result.Errors.Fields[field], Does.StartWith("invalid regex: '/(unclosed'"));
        }
    }

    [Test]
    public void Process_SetDropsDuplicates()
    {
        var result = Process(EntitySchemas.Routes, """{"methods":["GET","GET","POST"]}""");

        Assert.That(result.Entity["methods"]!.ToJsonString(), Is.EqualTo("""["GET","POST"]"""));
    }

    [Test]
    public void Process_ConsumerWithNeitherKey_AtLeastOneOf()
    {
        var result = Process(EntitySchemas.Consumers, "{}");

        Assert.That(
            result.Errors.ToKongMessage(),
            Is.EqualTo("schema violation (at least one of these fields must be non-empty: 'custom_id', 'username')"));
    }

    [Test]
    public void Process_UnknownPlugin_KongMessageOnName()
    {
        var result = Process(EntitySchemas.Plugins(BundledPlugins.Catalog), """{"name":"nope"}""");

        Assert.That(result.Errors.Fields["name"], Is.EqualTo("plugin 'nope' not enabled; add it to the 'plugins' configuration property"));
    }

    [Test]
    public void Process_RequestTermination_FillsConfigDefaults()
    {
        var result = Process(EntitySchemas.Plugins(BundledPlugins.Catalog), """{"name":"request-termination"}""");

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        Assert.That(result.Entity["config"]!["status_code"]!.GetValue<int>(), Is.EqualTo(503));
        Assert.That(result.Entity["config"]!["echo"]!.GetValue<bool>(), Is.False);
        Assert.That(result.Entity["enabled"]!.GetValue<bool>(), Is.True);
        Assert.That(result.Entity["protocols"]!.ToJsonString(), Is.EqualTo("""["grpc","grpcs","http","https"]"""));
    }

    [Test]
    public void Process_RequestTerminationBadConfig_ErrorsUnderConfig()
    {
        var result = Process(
            EntitySchemas.Plugins(BundledPlugins.Catalog),
            """{"name":"request-termination","config":{"status_code":99,"message":"m","body":"b","nope":true}}""");

        var fields = result.Errors.ToKongFields();
        Assert.That(fields["config"]!["status_code"]!.GetValue<string>(), Is.EqualTo("value should be between 100 and 599"));
        Assert.That(fields["config"]!["nope"]!.GetValue<string>(), Is.EqualTo("unknown field"));
        Assert.That(fields["config"]!["@entity"]![0]!.GetValue<string>(), Is.EqualTo("message cannot be used with content_type or body"));
        Assert.That(result.Errors.ToKongMessage(), Does.StartWith("3 schema violations (config: message cannot be used with content_type or body; config.nope: unknown field; config.status_code:"));
    }

    [Test]
    public void CoerceFormInput_TurnsStringsIntoTypedValues()
    {
        var form = JsonNode.Parse("""
            {"name":"r","paths":"/one","methods":["GET","POST"],"strip_path":"false","regex_priority":"5",
             "hosts":{"1":"a.com","2":"b.com"},"tags":"","service":{"id":"5ef5a2d4-6d42-4f51-8a1c-7e0a0e8f0e8f"}}
            """)!.AsObject();

        var coerced = SchemaProcessor.CoerceFormInput(EntitySchemas.Routes, form);
        var result = SchemaProcessor.Process(EntitySchemas.Routes, coerced);

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        Assert.That(result.Entity["paths"]!.ToJsonString(), Is.EqualTo("""["/one"]"""));
        Assert.That(result.Entity["strip_path"]!.GetValue<bool>(), Is.False);
        Assert.That(result.Entity["regex_priority"]!.GetValue<long>(), Is.EqualTo(5));
        Assert.That(result.Entity["hosts"]!.ToJsonString(), Is.EqualTo("""["a.com","b.com"]"""));
        Assert.That(result.Entity["tags"], Is.Null);
    }

    [Test]
    public void CoerceFormInput_NestedPluginConfigNumbers()
    {
        var form = JsonNode.Parse("""{"name":"request-termination","config":{"status_code":"403","message":"So long"}}""")!.AsObject();
        var coerced = EntitySchemas.CoercePluginFormInput(BundledPlugins.Catalog, form);
        var result = SchemaProcessor.Process(EntitySchemas.Plugins(BundledPlugins.Catalog), coerced);

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        Assert.That(result.Entity["config"]!["status_code"]!.GetValue<long>(), Is.EqualTo(403));
    }

    [Test]
    public void Process_DoesNotMutateInput()
    {
        var input = JsonNode.Parse("""{"url":"http://a/b"}""")!.AsObject();

        SchemaProcessor.Process(EntitySchemas.Services, input);

        Assert.That(input.ToJsonString(), Is.EqualTo("""{"url":"http://a/b"}"""));
    }
}
