using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.Jwt;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Plugins;

public sealed class JwtSchemaTests
{
    // As the Admin API writes them: apostrophes unescaped.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The plugin's own definition alone, so these tests do not depend on what else the bundled catalog holds.
    private static readonly PluginCatalog Catalog = new([JwtSchema.Definition]);

    private static ProcessResult ProcessPlugin(string json) =>
        SchemaProcessor.Process(EntitySchemas.Plugins(Catalog), JsonNode.Parse(json)!.AsObject());

    [Test]
    public void Definition_HasKongsPriorityAndScope()
    {
        Assert.That(Catalog.TryGet("jwt", out var jwt), Is.True);
        Assert.That(jwt!.Priority, Is.EqualTo(1450));
        Assert.That(jwt.NoConsumer, Is.True);
        Assert.That(jwt.Protocols, Is.EqualTo(new[] { "grpc", "grpcs", "http", "https" }));
    }

    [Test]
    public void Process_EmptyConfig_FillsKongsDefaults()
    {
        var result = ProcessPlugin("""{"name":"jwt"}""");

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        var config = result.Entity["config"]!.AsObject();
        Assert.That(config.ToJsonString(), Is.EqualTo(
            """{"uri_param_names":["jwt"],"cookie_names":[],"key_claim_name":"iss","secret_is_base64":false,"claims_to_verify":null,"anonymous":null,"run_on_preflight":true,"maximum_expiration":0,"header_names":["authorization"],"realm":null}"""));
        Assert.That(result.Entity["protocols"]!.ToJsonString(), Is.EqualTo("""["grpc","grpcs","http","https"]"""));
    }

    [Test]
    public void Process_ConsumerScope_ValueMustBeNull()
    {
        var result = ProcessPlugin($$$"""{"name":"jwt","consumer":{"id":"{{{Guid.NewGuid()}}}"}}""");

        Assert.That(result.Errors.ToKongFields().ToJsonString(Relaxed), Is.EqualTo("""{"consumer":"value must be null"}"""));
    }

    [Test]
    public void Process_UnknownClaimToVerify_ExpectedOneOf()
    {
        var result = ProcessPlugin("""{"name":"jwt","config":{"claims_to_verify":["exp","iat"]}}""");

        Assert.That(result.Errors.Fields["config.claims_to_verify.2"], Is.EqualTo("expected one of: exp, nbf"));
        Assert.That(result.Errors.ToKongMessage(), Is.EqualTo("schema violation (config.claims_to_verify.2: expected one of: exp, nbf)"));
    }

    [TestCase(-1)]
    [TestCase(31536001)]
    public void Process_MaximumExpirationOutOfRange_ValueShouldBeBetween(int maximum)
    {
        var result = ProcessPlugin($$$"""{"name":"jwt","config":{"maximum_expiration":{{{maximum}}},"claims_to_verify":["exp"]}}""");

        Assert.That(result.Errors.ToKongFields().ToJsonString(Relaxed), Is.EqualTo("""{"config":{"maximum_expiration":"value should be between 0 and 31536000"}}"""));
    }

    [Test]
    public void Process_MaximumExpirationWithoutExp_IsKongsConditionalError()
    {
        var result = ProcessPlugin("""{"name":"jwt","config":{"maximum_expiration":60,"claims_to_verify":["nbf"]}}""");

        Assert.That(
            result.Errors.ToKongFields().ToJsonString(Relaxed),
            Is.EqualTo("""{"@entity":["failed conditional validation given value of field 'config.maximum_expiration'"],"config":{"claims_to_verify":"expected to contain: exp"}}"""));
    }

    [TestCase("""{"maximum_expiration":60,"claims_to_verify":["exp"]}""")]
    [TestCase("""{"maximum_expiration":31536000,"claims_to_verify":["nbf","exp"]}""")]
    [TestCase("""{"maximum_expiration":60}""")]
    [TestCase("""{"maximum_expiration":0,"claims_to_verify":["nbf"]}""")]
    public void Process_MaximumExpiration_PassesAsKongDoes(string config)
    {
        // The third case is Kong's loophole: a null claims_to_verify passes the conditional.
        var result = ProcessPlugin($$"""{"name":"jwt","config":{{config}}}""");

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
    }

    [Test]
    public void Options_ReadFromProcessedConfig_MatchKongDefaults()
    {
        var config = ProcessPlugin("""{"name":"jwt","config":{"claims_to_verify":["exp"],"realm":"r"}}""").Entity["config"]!;

        var options = config.Deserialize<JwtOptions>(Configuration.GatewayJson.Options)!;

        Assert.That(options.KeyClaimName, Is.EqualTo("iss"));
        Assert.That(options.SecretIsBase64, Is.False);
        Assert.That(options.RunOnPreflight, Is.True);
        Assert.That(options.MaximumExpiration, Is.Zero);
        Assert.That(options.Anonymous, Is.Null);
        Assert.That(options.Realm, Is.EqualTo("r"));
        Assert.That(options.CookieNames, Is.Empty);
        Assert.That(options.ClaimsToVerify, Is.EqualTo(new[] { "exp" }));
        Assert.That(options.UriParamNames, Is.EqualTo(new[] { "jwt" }));
        Assert.That(options.HeaderNames, Is.EqualTo(new[] { "authorization" }));
    }
}
