using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Jose;
using HybridGateway.Shared.Plugins.XCustomJwt;

namespace HybridGateway.Shared.Tests.Plugins;

/// <summary>x-custom-jwt's private_jwk: which keys sign, with which algorithm, and why others are refused.</summary>
public sealed class XCustomJwtKeyTests
{
    private static readonly RSA Rsa = RSA.Create(2048);

    [Test]
    public void RsaWithoutAlg_SignsRs256_WithItsKid()
    {
        var key = XCustomJwtKey.Load(RsaJwk(withPrivate: true).ToJsonString(), out var error);

        Assert.That(error, Is.Null);
        Assert.That(key!.Algorithm, Is.EqualTo(JwsAlgorithm.RS256));
        Assert.That(key.KeyId, Is.EqualTo("kong"));
    }

    [TestCase("P-256", JwsAlgorithm.ES256)]
    [TestCase("P-384", JwsAlgorithm.ES384)]
    [TestCase("P-521", JwsAlgorithm.ES512)]
    public void Ec_AlgorithmFollowsTheCurve(string crv, JwsAlgorithm algorithm)
    {
        using var ec = ECDsa.Create(crv switch { "P-256" => ECCurve.NamedCurves.nistP256, "P-384" => ECCurve.NamedCurves.nistP384, _ => ECCurve.NamedCurves.nistP521 });
        var p = ec.ExportParameters(true);

        var key = XCustomJwtKey.Load(new JsonObject { ["kty"] = "EC", ["crv"] = crv, ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!), ["d"] = B64(p.D!) }.ToJsonString(), out var error);

        Assert.That(error, Is.Null);
        Assert.That(key!.Algorithm, Is.EqualTo(algorithm));
    }

    [Test]
    public void PublicJwk_Refused_APublicKeyCannotSign()
    {
        Assert.That(XCustomJwtKey.Load(RsaJwk(withPrivate: false).ToJsonString(), out var error), Is.Null);
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

    private static JsonObject RsaJwk(bool withPrivate)
    {
        var p = Rsa.ExportParameters(true);
        var jwk = new JsonObject { ["kty"] = "RSA", ["kid"] = "kong", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!) };
        if (withPrivate)
        {
            jwk["d"] = B64(p.D!);
            jwk["p"] = B64(p.P!);
            jwk["q"] = B64(p.Q!);
            jwk["dp"] = B64(p.DP!);
            jwk["dq"] = B64(p.DQ!);
            jwk["qi"] = B64(p.InverseQ!);
        }

        return jwk;
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
