using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Jose;

namespace HybridGateway.Shared.Tests.Jose;

public sealed class PrivateJwkTests
{
    private static readonly RSA Rsa = RSA.Create(2048);

    [Test]
    public void Rsa_WithoutAlg_SignsRs256_WithItsKid()
    {
        var jwk = PrivateJwk.TryParse(RsaJwk().ToJsonString(), out var error);

        Assert.That(error, Is.Null);
        Assert.That(jwk!.Algorithm, Is.EqualTo("RS256"));
        Assert.That(jwk.KeyId, Is.EqualTo("kong"));
        Assert.That(jwk.Rsa!.ExportParameters(false).Modulus, Is.EqualTo(Rsa.ExportParameters(false).Modulus));
    }

    [TestCase("P-256", "ES256")]
    [TestCase("P-384", "ES384")]
    [TestCase("P-521", "ES512")]
    public void Ec_AlgorithmFollowsTheCurve(string crv, string algorithm)
    {
        using var ec = ECDsa.Create(crv switch { "P-256" => ECCurve.NamedCurves.nistP256, "P-384" => ECCurve.NamedCurves.nistP384, _ => ECCurve.NamedCurves.nistP521 });
        var p = ec.ExportParameters(true);

        var jwk = PrivateJwk.TryParse(new JsonObject { ["kty"] = "EC", ["crv"] = crv, ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!), ["d"] = B64(p.D!) }.ToJsonString(), out var error);

        Assert.That(error, Is.Null);
        Assert.That(jwk!.Algorithm, Is.EqualTo(algorithm));
    }

    [TestCase("{\"kty\":\"RSA\"", "could not json decode jwk string")]
    [TestCase("[1]", "could not json decode jwk string")]
    [TestCase("""{"kty":"OKP","crv":"Ed25519","x":"AA","d":"AA"}""", "unsupported kty 'OKP': RSA, EC or oct")]
    [TestCase("""{"kty":"oct","alg":"HS256","k":"KJNJKBSbJ87y23jHb?SNKLKLM?SIO*.S"}""", "k must be base64url (RFC 7517)")]
    [TestCase("""{"kty":"oct","alg":"HS512","k":"c2hvcnQ"}""", "k must hold at least 64 bytes for HS512")]
    [TestCase("""{"kty":"oct","alg":"RS256","k":"c2hvcnQ"}""", "alg 'RS256' does not fit an oct key")]
    [TestCase("""{"kty":"EC","crv":"P-256","alg":"ES384","x":"AA","y":"AA","d":"AA"}""", "alg 'ES384' does not fit curve P-256")]
    [TestCase("""{"kty":"EC","crv":"secp256k1","x":"AA","y":"AA","d":"AA"}""", "unsupported crv 'secp256k1': P-256, P-384 or P-521")]
    [TestCase("""{"kty":"EC","crv":"P-256","x":"AA","y":"AA","d":"AA"}""", "could not load JWK, likely not a valid key")]
    public void Refused_WithAMessageNamingTheProblem(string json, string message)
    {
        Assert.That(PrivateJwk.TryParse(json, out var error), Is.Null);
        Assert.That(error, Is.EqualTo(message));
    }

    [Test]
    public void PublicRsaJwk_Refused()
    {
        var jwk = RsaJwk();
        foreach (var member in new[] { "d", "p", "q", "dp", "dq", "qi" })
        {
            jwk.Remove(member);
        }

        Assert.That(PrivateJwk.TryParse(jwk.ToJsonString(), out var error), Is.Null);
        Assert.That(error, Is.EqualTo("an RSA private JWK needs n, e, d, p, q, dp, dq and qi"));
    }

    [Test]
    public void RsaWithAnotherKeysPrivateExponent_Refused()
    {
        using var other = RSA.Create(2048);
        var jwk = RsaJwk();
        jwk["d"] = B64(other.ExportParameters(true).D!);

        Assert.That(PrivateJwk.TryParse(jwk.ToJsonString(), out var error), Is.Null);
        Assert.That(error, Is.Not.Null);
    }

    [Test]
    public void Huge_RefusedUnread()
    {
        Assert.That(PrivateJwk.TryParse(new string(' ', PrivateJwk.MaxLength + 1), out var error), Is.Null);
        Assert.That(error, Is.EqualTo($"longer than {PrivateJwk.MaxLength} characters"));
    }

    private static JsonObject RsaJwk()
    {
        var p = Rsa.ExportParameters(true);
        return new JsonObject
        {
            ["kty"] = "RSA", ["kid"] = "kong", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!), ["d"] = B64(p.D!),
            ["p"] = B64(p.P!), ["q"] = B64(p.Q!), ["dp"] = B64(p.DP!), ["dq"] = B64(p.DQ!), ["qi"] = B64(p.InverseQ!),
        };
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
