using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Tests.Jose;
using HybridGateway.Shared.Validation;

namespace HybridGateway.Shared.Tests.Validation;

public sealed class JwtSecretsValidationTests
{
    private static readonly Guid ConsumerId = Guid.NewGuid();

    private static GatewayConfig WithCredentials(params JwtSecretConfig[] credentials) => new()
    {
        Consumers = [new ConsumerConfig { Id = ConsumerId, Username = "alice" }],
        JwtSecrets = credentials,
    };

    private static JwtSecretConfig Credential(string key, string algorithm = "HS256", string? publicKey = null, Guid? consumer = null) => new()
    {
        Id = Guid.NewGuid(),
        Consumer = new EntityRef(consumer ?? ConsumerId),
        Key = key,
        Secret = "secret",
        Algorithm = algorithm,
        RsaPublicKey = publicKey,
    };

    [Test]
    public void Validate_ValidCredentials_NoErrors()
    {
        var config = WithCredentials(Credential("a"), Credential("b", "ES256", TestKeys.EcP256), Credential("c", "EdDSA", TestKeys.Ed448));

        Assert.That(ConfigValidator.Validate(config), Is.Empty);
        Assert.That(config.IsEmpty, Is.False);
        Assert.That(new GatewayConfig { JwtSecrets = [Credential("a")] }.IsEmpty, Is.False);
    }

    [Test]
    public void Validate_DuplicateKeyDanglingConsumerAndBadKey_AllReported()
    {
        var config = WithCredentials(Credential("a"), Credential("a"), Credential("b", consumer: Guid.NewGuid()), Credential("c", "ES256", TestKeys.Rsa2048));

        var errors = ConfigValidator.Validate(config);

        Assert.That(errors, Has.Some.Contains("jwt_secrets: UNIQUE violation detected on 'key' = 'a'"));
        Assert.That(errors, Has.Some.Contains("consumer: the foreign key").And.Contains("does not reference an existing 'consumers' entity"));
        Assert.That(errors, Has.Some.Contains("rsa_public_key: invalid key"));
        Assert.That(errors, Has.Count.EqualTo(3));
    }

    [Test]
    public void ToCanonicalOrder_SortsCredentialsById()
    {
        var config = WithCredentials(Credential("a"), Credential("b"), Credential("c"));

        var ordered = config.ToCanonicalOrder();

        Assert.That(ordered.JwtSecrets.Select(j => j.Id), Is.Ordered);
    }
}
