using HybridGateway.Shared.Jose;

namespace HybridGateway.Shared.Tests.Jose;

public sealed class PublicKeyParserTests
{
    [TestCase(TestKeys.Rsa2048, JwsKeyType.Rsa)]
    [TestCase(TestKeys.RsaPkcs1, JwsKeyType.Rsa)]
    [TestCase(TestKeys.RsaCertificate, JwsKeyType.Rsa)]
    [TestCase(TestKeys.EcP256, JwsKeyType.EcP256)]
    [TestCase(TestKeys.EcP384, JwsKeyType.EcP384)]
    [TestCase(TestKeys.EcP521, JwsKeyType.EcP521)]
    [TestCase(TestKeys.Ed25519, JwsKeyType.Ed25519)]
    [TestCase(TestKeys.Ed448, JwsKeyType.Ed448)]
    public void TryParse_SupportedKey_ReturnsItsType(string pem, JwsKeyType type)
    {
        Assert.That(PublicKeyParser.TryParse(pem)?.Type, Is.EqualTo(type));
    }

    [TestCase(TestKeys.Rsa2048)]
    [TestCase(TestKeys.EcP384)]
    [TestCase(TestKeys.Ed25519)]
    public void TryParse_CrlfAndSurroundingBlanks_AreTolerated(string pem)
    {
        var crlf = "\r\n  " + pem.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n";

        Assert.That(PublicKeyParser.TryParse(crlf), Is.Not.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not a key")]
    [TestCase("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")]
    [TestCase("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----")]
    [TestCase("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+/SZLLeG1m1v3Jq7fYV1Nh4d/xQn7kNWdL5bXk2oi+\n-----END PRIVATE KEY-----")]
    [TestCase(TestKeys.EcSecp256k1)]
    public void TryParse_NotASupportedPublicKey_ReturnsNull(string? pem)
    {
        Assert.That(PublicKeyParser.TryParse(pem), Is.Null);
    }

    [Test]
    public void TryParse_TruncatedKey_ReturnsNull()
    {
        var lines = TestKeys.Rsa2048.Split('\n');
        var truncated = string.Join('\n', lines.Take(3).Append(lines[^1]));

        Assert.That(PublicKeyParser.TryParse(truncated), Is.Null);
    }

    [TestCase(TestKeys.Rsa2048, "RS256", true)]
    [TestCase(TestKeys.Rsa2048, "PS512", true)]
    [TestCase(TestKeys.Rsa2048, "ES256", false)]
    [TestCase(TestKeys.Rsa2048, "EdDSA", false)]
    [TestCase(TestKeys.Rsa2048, "HS256", false)]
    [TestCase(TestKeys.EcP256, "ES256", true)]
    [TestCase(TestKeys.EcP256, "ES384", false)]
    [TestCase(TestKeys.EcP384, "ES384", true)]
    [TestCase(TestKeys.EcP521, "ES512", true)]
    [TestCase(TestKeys.EcP521, "RS512", false)]
    [TestCase(TestKeys.Ed25519, "EdDSA", true)]
    [TestCase(TestKeys.Ed448, "EdDSA", true)]
    [TestCase(TestKeys.Ed25519, "ES256", false)]
    public void IsValidFor_KeyMustFitTheAlgorithm(string pem, string algorithm, bool fits)
    {
        Assert.That(PublicKeyParser.IsValidFor(pem, JwsAlgorithms.Parse(algorithm)!.Value), Is.EqualTo(fits));
    }

    [Test]
    public void Parse_AlgorithmNames_AreCaseSensitive()
    {
        Assert.That(JwsAlgorithms.All, Has.Count.EqualTo(13));
        Assert.That(JwsAlgorithms.All.Select(n => JwsAlgorithms.Parse(n)), Has.None.Null);
        Assert.That(JwsAlgorithms.Parse("hs256"), Is.Null);
        Assert.That(JwsAlgorithms.Parse("none"), Is.Null);
        Assert.That(JwsAlgorithms.Parse("EDDSA"), Is.Null);
    }
}
