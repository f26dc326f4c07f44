using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Secrets;
using HybridGateway.Shared.Snapshots;
using HybridGateway.Tests.Common;

namespace HybridGateway.Shared.Tests.Snapshots;

public sealed class SnapshotSecretsTests
{
    private const string Token = "cluster-token-for-sealing-tests-0123";
    private const string JwtSecret = "jwt-hmac-secret-value-4f1c";
    private const string ApiKey = "key-auth-api-key-value-9a7e";
    private const string PasswordHash = "pbkdf2-sha256$10000$c2FsdA$aGFzaA";

    private static readonly JsonObject KeyJwk = TestSigningKeys.RsaJwk("k1", alg: "RS256");
    private static readonly JsonObject PluginJwk = TestSigningKeys.RsaJwk("kong", alg: "RS256");
    private static readonly string PemPrivate = TestSigningKeys.EcPem().Pkcs8;

    [Test]
    public void Sealed_HoldsNoSecretInClear_AndOpensToTheSameConfig()
    {
        var config = ConfigWithEverySecret();
        var clusterKey = ClusterKey.FromToken(Token);

        var sealedConfig = SnapshotSecrets.Seal(config, clusterKey);
        var sealedJson = Canonical(sealedConfig);

        foreach (var secret in Secrets())
        {
            Assert.That(sealedJson, Does.Not.Contain(secret));
        }

        Assert.That(sealedJson, Does.Contain(SecretProtector.Prefix + clusterKey.KeyId));
        Assert.That(sealedJson, Does.Contain((string)KeyJwk["n"]!), "public members stay readable");
        Assert.That(sealedJson, Does.Contain("jwt-key-1"), "what is not secret stays as it is");

        var opened = SnapshotSecrets.Open(sealedConfig, ClusterKey.FromToken(Token));
        Assert.That(Canonical(opened), Is.EqualTo(Canonical(config)));
    }

    [Test]
    public void Sealing_TheSameConfigTwice_UsesFreshNonces()
    {
        var config = ConfigWithEverySecret();
        var clusterKey = ClusterKey.FromToken(Token);

        Assert.That(Canonical(SnapshotSecrets.Seal(config, clusterKey)), Is.Not.EqualTo(Canonical(SnapshotSecrets.Seal(config, clusterKey))));
    }

    [Test]
    public void Opening_WithAnotherTokensKey_OrNone_IsRefused_NamingTheSetting()
    {
        var sealedConfig = SnapshotSecrets.Seal(ConfigWithEverySecret(), ClusterKey.FromToken(Token));

        Assert.That(
            () => SnapshotSecrets.Open(sealedConfig, ClusterKey.FromToken("another-cluster-token-0123456789")),
            Throws.TypeOf<SnapshotFormatException>().With.Message.Contains("Cluster:Token"));
        Assert.That(
            () => SnapshotSecrets.Open(sealedConfig, clusterKey: null),
            Throws.TypeOf<SnapshotFormatException>().With.Message.Contains("Cluster:Token"));
    }

    [Test]
    public void Opening_AnAlteredSealedValue_IsRefused()
    {
        var clusterKey = ClusterKey.FromToken(Token);
        var sealedConfig = SnapshotSecrets.Seal(ConfigWithEverySecret(), clusterKey);
        var credential = sealedConfig.KeyAuthCredentials[0];
        var altered = credential.Key[..^4] + (credential.Key[^4] == 'A' ? "BBBB" : "AAAA");
        var tampered = sealedConfig with { KeyAuthCredentials = [credential with { Key = altered }] };

        Assert.That(() => SnapshotSecrets.Open(tampered, clusterKey), Throws.TypeOf<SnapshotFormatException>().With.Message.Contains("damaged or was altered"));
    }

    [Test]
    public void ConfigWithoutSecrets_OpensWithoutAKey()
    {
        var config = new GatewayConfig { Consumers = [new ConsumerConfig { Id = Guid.NewGuid(), Username = "alice" }] };

        Assert.That(Canonical(SnapshotSecrets.Open(config, clusterKey: null)), Is.EqualTo(Canonical(config)));
    }

    [Test]
    public void ClusterKey_IsTheSameForTheSameToken_AndDiffersForAnother()
    {
        Assert.That(ClusterKey.FromToken(Token).KeyId, Is.EqualTo(ClusterKey.FromToken(Token).KeyId));
        Assert.That(ClusterKey.FromToken(Token).KeyId, Is.Not.EqualTo(ClusterKey.FromToken(Token + "x").KeyId));
    }

    private static IEnumerable<string> Secrets()
    {
        yield return JwtSecret;
        yield return ApiKey;
        yield return PasswordHash;
        foreach (var member in new[] { "d", "p", "q", "dp", "dq", "qi" })
        {
            yield return (string)KeyJwk[member]!;
            yield return (string)PluginJwk[member]!;
        }

        yield return PemPrivate.Split('\n')[1];
    }

    private static GatewayConfig ConfigWithEverySecret()
    {
        var consumer = Guid.NewGuid();
        return new GatewayConfig
        {
            Consumers = [new ConsumerConfig { Id = consumer, Username = "alice" }],
            JwtSecrets = [new JwtSecretConfig { Id = Guid.NewGuid(), Consumer = new EntityRef(consumer), Key = "jwt-key-1", Secret = JwtSecret }],
            KeyAuthCredentials = [new KeyAuthCredentialConfig { Id = Guid.NewGuid(), Consumer = new EntityRef(consumer), Key = ApiKey }],
            BasicAuthCredentials = [new BasicAuthCredentialConfig { Id = Guid.NewGuid(), Consumer = new EntityRef(consumer), Username = "alice", Password = PasswordHash }],
            Keys =
            [
                new KeyConfig { Id = Guid.NewGuid(), Kid = "k1", Jwk = KeyJwk.ToJsonString() },
                new KeyConfig { Id = Guid.NewGuid(), Kid = "p1", Pem = new KeyPemConfig { PrivateKey = PemPrivate } },
            ],
            Plugins =
            [
                new PluginConfig
                {
                    Id = Guid.NewGuid(),
                    Name = "x-custom-jwt",
                    Config = JsonSerializer.SerializeToElement(new JsonObject { ["iss"] = "https://gw.example", ["private_jwk"] = PluginJwk.ToJsonString() }),
                },
                new PluginConfig { Id = Guid.NewGuid(), Name = "cors", Config = JsonSerializer.SerializeToElement(new JsonObject { ["origins"] = new JsonArray("*") }) },
            ],
        };
    }

    private static string Canonical(GatewayConfig config) =>
        Encoding.UTF8.GetString(CanonicalJson.Serialize(config.ToCanonicalOrder(), GatewayJson.Options));
}
