using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Plugins;
using HybridGateway.Shared.Plugins.Jwt;
using HybridGateway.Shared.Tests.Jose;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Plugins;

public sealed class JwtSecretSchemaTests
{
    // As the Admin API writes them: apostrophes unescaped.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string ConsumerId = Guid.NewGuid().ToString();

    private static ProcessResult Process(JsonObject credential)
    {
        credential["consumer"] ??= new JsonObject { ["id"] = ConsumerId };
        return SchemaProcessor.Process(JwtSecretSchema.Schema, credential);
    }

    private static ProcessResult Process(string algorithm, string? publicKey) =>
        Process(new JsonObject { ["key"] = "k", ["secret"] = "s", ["algorithm"] = algorithm, ["rsa_public_key"] = publicKey });

    [Test]
    public void Process_Defaults_Hs256()
    {
        var result = Process(new JsonObject { ["key"] = "k" });

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
        Assert.That(result.Entity["algorithm"]!.GetValue<string>(), Is.EqualTo("HS256"));
    }

    [Test]
    public void Process_WithoutConsumer_RequiredFieldMissing()
    {
        var result = SchemaProcessor.Process(JwtSecretSchema.Schema, new JsonObject { ["key"] = "k" });

        Assert.That(result.Errors.Fields["consumer"], Is.EqualTo("required field missing"));
    }

    [Test]
    public void Process_UnknownAlgorithm_KongsMessage()
    {
        var result = Process("hs256", null);

        Assert.That(result.Errors.ToKongFields().ToJsonString(Relaxed), Is.EqualTo(
            """{"algorithm":"expected one of: HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512, EdDSA"}"""));
    }

    [TestCase("RS256")]
    [TestCase("PS384")]
    [TestCase("EdDSA")]
    [TestCase("ES256")]
    [TestCase("ES512")]
    public void Process_AsymmetricWithoutKey_RequiredFieldMissing(string algorithm)
    {
        var result = Process(algorithm, null);

        Assert.That(result.Errors.ToKongFields().ToJsonString(Relaxed), Is.EqualTo(
            """{"@entity":["failed conditional validation given value of field 'algorithm'"],"rsa_public_key":"required field missing"}"""));
    }

    [TestCase("RS256", "garbage")]
    [TestCase("RS256", TestKeys.EcP256)]
    [TestCase("PS256", TestKeys.Ed25519)]
    [TestCase("ES256", TestKeys.EcP384)]
    [TestCase("ES384", TestKeys.Rsa2048)]
    [TestCase("ES256", TestKeys.EcSecp256k1)]
    [TestCase("EdDSA", TestKeys.EcP256)]
    public void Process_KeyThatDoesNotFit_InvalidKey(string algorithm, string publicKey)
    {
        var result = Process(algorithm, publicKey);

        Assert.That(result.Errors.ToKongFields().ToJsonString(Relaxed), Is.EqualTo(
            """{"@entity":["failed conditional validation given value of field 'algorithm'"],"rsa_public_key":"invalid key"}"""));
    }

    [TestCase("RS256", TestKeys.Rsa2048)]
    [TestCase("RS512", TestKeys.RsaPkcs1)]
    [TestCase("PS256", TestKeys.RsaCertificate)]
    [TestCase("ES256", TestKeys.EcP256)]
    [TestCase("ES384", TestKeys.EcP384)]
    [TestCase("ES512", TestKeys.EcP521)]
    [TestCase("EdDSA", TestKeys.Ed25519)]
    [TestCase("EdDSA", TestKeys.Ed448)]
    public void Process_KeyThatFits_IsValid(string algorithm, string publicKey)
    {
        var result = Process(algorithm, publicKey.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.That(result.IsValid, Is.True, result.Errors.ToKongMessage());
    }

    [Test]
    public void Process_HsWithAPublicKey_IsValidAndIgnoresIt()
    {
        Assert.That(Process("HS512", "anything").IsValid, Is.True);
    }

    [Test]
    public void NewRandomKey_Is32LettersAndDigits_AndDiffers()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => Credentials.NewRandomKey()).ToList();

        Assert.That(keys, Has.All.Matches<string>(k => k!.Length == 32 && k.All(char.IsAsciiLetterOrDigit)));
        Assert.That(keys.Distinct().Count(), Is.EqualTo(keys.Count));
        // 6400 draws over 62 symbols: every symbol appears (a biased or truncated alphabet would show here).
        Assert.That(keys.SelectMany(k => k).Distinct().Count(), Is.EqualTo(62));
    }

    [Test]
    public void JwtSecretConfig_SerializesAsKongsFields()
    {
        var config = new JwtSecretConfig
        {
            Id = Guid.Parse("11111111-1111-1111-1111-111111111111"),
            Consumer = new EntityRef(Guid.Parse("22222222-2222-2222-2222-222222222222")),
            Key = "k",
            Secret = "s",
            Algorithm = "RS256",
            RsaPublicKey = "pem",
        };

        var json = JsonSerializer.SerializeToNode(config, GatewayJson.Options)!.AsObject();

        Assert.That(json.Select(p => p.Key), Is.EquivalentTo(new[] { "id", "created_at", "consumer", "key", "secret", "rsa_public_key", "algorithm", "tags" }));
        Assert.That(json["consumer"]!.ToJsonString(), Is.EqualTo("""{"id":"22222222-2222-2222-2222-222222222222"}"""));
    }
}
