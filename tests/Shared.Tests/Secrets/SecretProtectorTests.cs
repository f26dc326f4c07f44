using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Keys;
using HybridGateway.Shared.Secrets;
using HybridGateway.Tests.Common;

namespace HybridGateway.Shared.Tests.Secrets;

public sealed class SecretProtectorTests
{
    private static readonly SecretProtector Protector = new(RandomNumberGenerator.GetBytes(32));

    [Test]
    public void Protect_RoundTrips_WithAFreshNonceEachTime()
    {
        var first = Protector.Protect("private bits");
        var second = Protector.Protect("private bits");

        Assert.That(first, Does.StartWith($"{SecretProtector.Prefix}{Protector.KeyId}:"));
        Assert.That(first, Is.Not.EqualTo(second));
        Assert.That(first, Does.Not.Contain("private"));
        Assert.That(Protector.Unprotect(first), Is.EqualTo("private bits"));
        Assert.That(Protector.Unprotect(second), Is.EqualTo("private bits"));
    }

    [Test]
    public void Unprotect_AnotherKeysValue_SaysSoWithBothKeyIds()
    {
        var other = new SecretProtector(RandomNumberGenerator.GetBytes(32));
        var value = other.Protect("x");

        var error = Assert.Throws<SecretProtectionException>(() => Protector.Unprotect(value))!;

        Assert.That(error.Message, Does.Contain(other.KeyId).And.Contain(Protector.KeyId).And.Contain("Secrets:Key"));
    }

    [Test]
    public void Unprotect_TamperedOrTruncated_Throws()
    {
        var value = Protector.Protect("some secret");
        var tampered = value[..^2] + (value[^2] == 'A' ? "B" : "A") + value[^1];

        Assert.Throws<SecretProtectionException>(() => Protector.Unprotect(tampered));
        Assert.Throws<SecretProtectionException>(() => Protector.Unprotect($"{SecretProtector.Prefix}{Protector.KeyId}:AAAA"));
        Assert.Throws<SecretProtectionException>(() => Protector.Unprotect($"{SecretProtector.Prefix}nocolon"));
    }

    [Test]
    public void Unprotect_AClearValue_ReturnsIt() => Assert.That(Protector.Unprotect("plain"), Is.EqualTo("plain"));

    [Test]
    public void Key_MustBe32Bytes() => Assert.Throws<ArgumentException>(() => _ = new SecretProtector(new byte[16]));

    [Test]
    public void KeySecrets_ProtectUnprotectRedact_PrivateJwk()
    {
        var jwk = TestSigningKeys.RsaJwk("r");
        var key = new JsonObject { ["kid"] = "r", ["jwk"] = jwk.ToJsonString() };

        KeySecrets.Fields.Protect(key, Protector);
        var stored = JsonNode.Parse((string)key["jwk"]!)!.AsObject();
        Assert.That((string?)stored["n"], Is.EqualTo((string?)jwk["n"]), "public members stay readable");
        foreach (var member in new[] { "d", "p", "q", "dp", "dq", "qi" })
        {
            Assert.That((string?)stored[member], Does.StartWith(SecretProtector.Prefix), member);
            Assert.That(key.ToJsonString(), Does.Not.Contain((string)jwk[member]!), member);
        }

        var shown = (JsonObject)key.DeepClone();
        KeySecrets.Fields.Redact(shown);
        var redacted = JsonNode.Parse((string)shown["jwk"]!)!.AsObject();
        Assert.That(redacted.Select(p => p.Key), Is.EquivalentTo(new[] { "kty", "kid", "n", "e", KeySecrets.WithheldMember }));
        Assert.That(redacted[KeySecrets.WithheldMember]!.AsArray().Select(m => (string?)m), Is.EqualTo(new[] { "d", "p", "q", "dp", "dq", "qi" }));

        KeySecrets.Fields.Protect(key, Protector);
        KeySecrets.Fields.Unprotect(key, Protector);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse((string)key["jwk"]!), jwk), Is.True, "protect is idempotent and unprotect restores the key");
    }

    [Test]
    public void KeySecrets_ProtectUnprotectRedact_PemPrivateKey()
    {
        var (pkcs8, _, publicPem) = TestSigningKeys.RsaPem();
        var key = new JsonObject { ["kid"] = "p", ["pem"] = new JsonObject { ["private_key"] = pkcs8, ["public_key"] = publicPem } };

        KeySecrets.Fields.Protect(key, Protector);
        Assert.That((string?)key["pem"]!["private_key"], Does.StartWith(SecretProtector.Prefix));
        Assert.That((string?)key["pem"]!["public_key"], Is.EqualTo(publicPem));

        var shown = (JsonObject)key.DeepClone();
        KeySecrets.Fields.Redact(shown);
        Assert.That((string?)shown["pem"]!["private_key"], Is.EqualTo(KeySecrets.Withheld));

        KeySecrets.Fields.Unprotect(key, Protector);
        Assert.That((string?)key["pem"]!["private_key"], Is.EqualTo(pkcs8));
    }

    [Test]
    public void KeySecrets_Redact_PublicJwk_Unchanged()
    {
        var jwk = TestSigningKeys.EcJwk("e", includePrivate: false).ToJsonString();
        var key = new JsonObject { ["kid"] = "e", ["jwk"] = jwk };

        KeySecrets.Fields.Redact(key);

        Assert.That((string?)key["jwk"], Is.EqualTo(jwk));
    }
}
