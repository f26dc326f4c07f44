using System.Text.Json.Nodes;
using HybridGateway.Shared.Declarative;
using HybridGateway.Shared.Keys;
using HybridGateway.Shared.Snapshots;
using HybridGateway.Tests.Common;

namespace HybridGateway.Shared.Tests.Declarative;

/// <summary><c>key_sets</c> and <c>keys</c> in declarative files: nested under a set or top-level naming it; exports withhold private keys.</summary>
public sealed class KeysDeclarativeTests
{
    private static string Yaml(string privateJwk, string publicPem) => $$"""
        _format_version: "3.0"
        key_sets:
        - name: signing
          keys:
          - name: current
            kid: "1"
            jwk: '{{privateJwk}}'
        keys:
        - name: partner
          kid: partner-1
          set: signing
          pem:
            public_key: |
        {{string.Join("\n", publicPem.Trim().Split('\n').Select(l => "      " + l))}}
        - kid: loose
          jwk: '{{TestSigningKeys.EcJwk("loose", includePrivate: false).ToJsonString()}}'
        """;

    [Test]
    public void Parse_NestedAndTopLevelKeys_ReferencesResolved()
    {
        var result = DeclarativeConfig.Parse(Yaml(TestSigningKeys.Rfc7517EcPrivateJwk, TestSigningKeys.OpenSslEd25519Public));

        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        var config = result.Config!;
        var set = config.KeySets.Single();
        Assert.That(set.Name, Is.EqualTo("signing"));
        Assert.That(config.Keys.Single(k => k.Name == "current").Set?.Id, Is.EqualTo(set.Id));
        Assert.That(config.Keys.Single(k => k.Name == "partner").Set?.Id, Is.EqualTo(set.Id));
        Assert.That(config.Keys.Single(k => k.Kid == "loose").Set, Is.Null);
        Assert.That(config.Keys.Single(k => k.Name == "current").Jwk, Is.EqualTo(TestSigningKeys.Rfc7517EcPrivateJwk), "the data plane gets the private key");
    }

    [Test]
    public void Parse_BadKeyAndUnknownSet_ErrorsNameThePath()
    {
        var result = DeclarativeConfig.Parse("""
            _format_version: "3.0"
            keys:
            - kid: a
              set: nowhere
              jwk: '{"kid":"b"}'
            """);

        Assert.That(result.Errors.Select(e => $"{e.Path}: {e.Message}"), Is.SupersetOf(new[]
        {
            "keys[0].set: could not find key_sets entity 'nowhere'",
            "keys[0]: kid in jwk.kid must be equal to keys.kid",
        }));
    }

    [Test]
    public void Parse_SameKidTwiceInASet_Refused()
    {
        var jwk = TestSigningKeys.EcJwk("same", includePrivate: false).ToJsonString();
        var result = DeclarativeConfig.Parse($$"""
            _format_version: "3.0"
            key_sets:
            - name: s
              keys:
              - {name: one, kid: same, jwk: '{{jwk}}'}
              - {name: two, kid: same, jwk: '{{jwk}}'}
            """);

        Assert.That(result.Errors.Select(e => e.Message), Has.Some.Contains("UNIQUE violation detected on 'kid, set'"));
    }

    [Test]
    public void Export_PublicKeys_RoundTripToTheSameHash()
    {
        var original = DeclarativeConfig.Parse(Yaml(TestSigningKeys.EcJwk("1", includePrivate: false).ToJsonString(), TestSigningKeys.OpenSslEd25519Public), timestamp: 1700000000).Config!;

        var reread = DeclarativeConfig.Parse(DeclarativeExport.ToYaml(original));

        Assert.That(reread.Errors, Is.Empty, string.Join("\n", reread.Errors));
        Assert.That(SnapshotCodec.Encode(reread.Config!).Hash, Is.EqualTo(SnapshotCodec.Encode(original).Hash));
    }

    [Test]
    public void Export_PrivateKeys_Withheld_AndImportingItBack_NamesTheField()
    {
        var (pkcs8, _, publicPem) = TestSigningKeys.RsaPem();
        var config = DeclarativeConfig.Parse($$"""
            _format_version: "3.0"
            keys:
            - name: jwk-key
              kid: "1"
              jwk: '{{TestSigningKeys.Rfc7517EcPrivateJwk}}'
            - name: pem-key
              kid: "2"
              pem:
                private_key: "{{pkcs8.ReplaceLineEndings("\\n")}}"
                public_key: "{{publicPem.ReplaceLineEndings("\\n")}}"
            """).Config!;

        var document = DeclarativeExport.ToDocument(config);
        var yaml = DeclarativeExport.ToYaml(config);

        Assert.That(yaml, Does.Not.Contain("870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE").And.Not.Contain("PRIVATE KEY"));
        var keys = document["keys"]!.AsArray();
        var jwk = JsonNode.Parse((string)keys.Single(k => (string?)k!["name"] == "jwk-key")!["jwk"]!)!;
        Assert.That(jwk[KeySecrets.WithheldMember]!.AsArray().Select(m => (string?)m), Is.EqualTo(new[] { "d" }));
        Assert.That((string?)keys.Single(k => (string?)k!["name"] == "pem-key")!["pem"]!["private_key"], Is.EqualTo(KeySecrets.Withheld));

        var reimport = DeclarativeConfig.Parse(yaml);
        Assert.That(reimport.Errors.Select(e => $"{e.Path}: {e.Message}"), Is.EquivalentTo(new[]
        {
            $"keys[0].jwk: {KeySecrets.WithheldMessage}",
            $"keys[1].pem.private_key: {KeySecrets.WithheldMessage}",
        }));
    }
}
