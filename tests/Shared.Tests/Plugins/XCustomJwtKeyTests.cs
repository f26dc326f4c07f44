using HybridGateway.Shared.Jose;
using HybridGateway.Shared.Plugins.XCustomJwt;
using HybridGateway.Tests.Common;

namespace HybridGateway.Shared.Tests.Plugins;

/// <summary>x-custom-jwt's private_jwk: which keys sign, with which algorithm, and why others are refused.</summary>
public sealed class XCustomJwtKeyTests
{
    [Test]
    public void RsaWithoutAlg_SignsRs256_WithItsKid()
    {
        var key = XCustomJwtKey.Load(TestSigningKeys.RsaJwk("kong").ToJsonString(), out var error);

        Assert.That(error, Is.Null);
        Assert.That(key!.Algorithm, Is.EqualTo(JwsAlgorithm.RS256));
        Assert.That(key.KeyId, Is.EqualTo("kong"));
    }

    [TestCase("P-256", JwsAlgorithm.ES256)]
    [TestCase("P-384", JwsAlgorithm.ES384)]
    [TestCase("P-521", JwsAlgorithm.ES512)]
    public void Ec_AlgorithmFollowsTheCurve(string crv, JwsAlgorithm algorithm)
    {
        var key = XCustomJwtKey.Load(TestSigningKeys.EcJwk("ec", crv).ToJsonString(), out var error);

        Assert.That(error, Is.Null);
        Assert.That(key!.Algorithm, Is.EqualTo(algorithm));
    }

    [Test]
    public void PublicJwk_Refused_APublicKeyCannotSign()
    {
        Assert.That(XCustomJwtKey.Load(TestSigningKeys.RsaJwk("kong", includePrivate: false).ToJsonString(), out var error), Is.Null);
        Assert.That(error, Is.EqualTo("holds no private key: a public key cannot sign"));
    }

    [TestCase("""{"kty":"oct","alg":"HS512","k":"c2hvcnQ"}""", "HS512 needs a key of at least 64 bytes (RFC 7518 §3.2)")]
    [TestCase("[1]", "could not json decode jwk string")]
    [TestCase("""{"kty":"oct","alg":"HS256","k":"KJNJKBSbJ87y23jHb?SNKLKLM?SIO*.S"}""", "could not load JWK, likely not a valid key")]
    public void Refused_WithAMessageNamingTheProblem(string json, string message)
    {
        Assert.That(XCustomJwtKey.Load(json, out var error), Is.Null);
        Assert.That(error, Is.EqualTo(message));
    }
}
