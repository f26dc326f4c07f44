using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Jose;
using HybridGateway.Shared.Keys;
using HybridGateway.Tests.Common;

namespace HybridGateway.Shared.Tests.Keys;

/// <summary>Loaded keys sign what independent implementations verify, and every failure is a value, never an exception.</summary>
public sealed class KeyMaterialTests
{
    private static readonly byte[] Data = Encoding.ASCII.GetBytes("header.payload");

    [Test]
    public void Ed25519_Rfc8032Test1_SignsTheRfcSignature()
    {
        using var key = KeyMaterial.LoadJwk(TestSigningKeys.Rfc8037Ed25519PrivateJwk, "ed").Key!;

        var signature = key.Sign(JwsAlgorithm.EdDSA, []);

        Assert.That(Convert.ToHexStringLower(signature), Is.EqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
    }

    [Test]
    public void RsaPem_SignsRs256AndPs256_ThatDotNetVerifiesWithThePublicPem()
    {
        var (pkcs8, _, publicPem) = TestSigningKeys.RsaPem();
        using var key = KeyMaterial.LoadPem(pkcs8, null).Key!;
        using var verifier = RSA.Create();
        verifier.ImportFromPem(publicPem);

        Assert.That(verifier.VerifyData(Data, key.Sign(JwsAlgorithm.RS256, Data), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), Is.True);
        Assert.That(verifier.VerifyData(Data, key.Sign(JwsAlgorithm.PS384, Data), HashAlgorithmName.SHA384, RSASignaturePadding.Pss), Is.True);
        Assert.That(key.Fits(JwsAlgorithm.ES256), Is.False);
    }

    [Test]
    public void EcJwk_SignsEs384_ThatDotNetVerifies()
    {
        var jwk = TestSigningKeys.EcJwk("e", "P-384");
        using var key = KeyMaterial.LoadJwk(jwk.ToJsonString(), "e").Key!;
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP384,
            Q = new ECPoint { X = Base64Url.DecodeFromChars((string)jwk["x"]!), Y = Base64Url.DecodeFromChars((string)jwk["y"]!) },
        });

        var signature = key.Sign(JwsAlgorithm.ES384, Data);

        Assert.That(verifier.VerifyData(Data, signature, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), Is.True);
    }

    [Test]
    public void Oct_SignsHmac()
    {
        var jwk = TestSigningKeys.OctJwk("o");
        using var key = KeyMaterial.LoadJwk(jwk.ToJsonString(), "o").Key!;
        var secret = Base64Url.DecodeFromChars((string)jwk["k"]!);

        Assert.That(key.Sign(JwsAlgorithm.HS512, Data), Is.EqualTo(HMACSHA512.HashData(secret, Data)));
        Assert.That(key.IsSymmetric && key.Public is null, Is.True);
    }

    [Test]
    public void Jwk_ReportsItsAlgAndKid_PemNeither()
    {
        var jwk = KeyMaterial.LoadJwk(TestSigningKeys.RsaJwk("r", alg: "PS256").ToJsonString(), null);
        var withoutAlg = KeyMaterial.LoadJwk(TestSigningKeys.EcJwk("e").ToJsonString(), null);
        var pem = KeyMaterial.LoadPem(TestSigningKeys.OpenSslEd448Private, null);
        using (jwk.Key)
        using (withoutAlg.Key)
        using (pem.Key)
        {
            Assert.That((jwk.Algorithm, jwk.Kid), Is.EqualTo(((JwsAlgorithm?)JwsAlgorithm.PS256, "r")));
            Assert.That((withoutAlg.Algorithm, withoutAlg.Kid), Is.EqualTo(((JwsAlgorithm?)null, "e")));
            Assert.That((pem.IsValid, pem.Algorithm, pem.Kid), Is.EqualTo((true, (JwsAlgorithm?)null, (string?)null)));
        }
    }

    [Test]
    public void PublicOnlyKey_CannotSign()
    {
        using var key = KeyMaterial.LoadPem(null, TestSigningKeys.OpenSslEd25519Public).Key!;

        Assert.That(key.HasPrivate, Is.False);
        Assert.That(key.Public!.Type, Is.EqualTo(JwsKeyType.Ed25519));
        Assert.Throws<InvalidOperationException>(() => key.Sign(JwsAlgorithm.EdDSA, Data));
    }

    [Test]
    public void Load_KeyConfig_PicksJwkOrPem()
    {
        using var fromJwk = KeyMaterial.Load(new KeyConfig { Id = Guid.NewGuid(), Kid = "1", Jwk = TestSigningKeys.Rfc7517EcPrivateJwk }).Key;
        using var fromPem = KeyMaterial.Load(new KeyConfig { Id = Guid.NewGuid(), Kid = "2", Pem = new KeyPemConfig { PrivateKey = TestSigningKeys.OpenSslEd448Private } }).Key;

        Assert.That(fromJwk?.Public?.Type, Is.EqualTo(JwsKeyType.EcP256));
        Assert.That(fromPem?.Public?.Type, Is.EqualTo(JwsKeyType.Ed448));
    }

    [TestCase("{\"kid\":\"a\",\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"\",\"y\":\"\"}")]
    [TestCase("{\"kid\":\"a\",\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"d\":\"AQAB\",\"p\":\"AQ\",\"q\":\"AQ\",\"dp\":\"AQ\",\"dq\":\"AQ\",\"qi\":\"AQ\"}")]
    [TestCase("{\"kid\":\"a\",\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"AQAB\"}")]
    [TestCase("{\"kid\":\"a\",\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"oth\":[]}")]
    [TestCase("{\"kid\":\"a\",\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":{},\"y\":[]}")]
    public void Garbage_IsAnError_NeverAnException(string jwk)
    {
        KeyLoadResult result = null!;
        Assert.DoesNotThrow(() => result = KeyMaterial.LoadJwk(jwk, "a"));
        Assert.That(result.IsValid, Is.False);
    }

    [Test]
    public void DeeplyNestedJson_IsAnError_NeverAnException()
    {
        var nested = string.Concat(Enumerable.Repeat("[", 1000)) + string.Concat(Enumerable.Repeat("]", 1000));
        Assert.That(KeyMaterial.LoadJwk(nested, "a").Error, Is.EqualTo(KeyMaterial.JwkNotJson));
        Assert.That(KeyMaterial.LoadJwk($$"""{"kid":"a","x":{{nested}}}""", "a").Error, Is.EqualTo(KeyMaterial.JwkNotJson));
    }

    [Test]
    public void MutatedKeys_AreResultsNeverExceptions()
    {
        var random = new Random(4);
        var (pkcs8, pkcs1, _) = TestSigningKeys.RsaPem(1024);
        var (ecPkcs8, sec1, ecPublic) = TestSigningKeys.EcPem();
        string[] jwks = [TestSigningKeys.Rfc7517EcPrivateJwk, TestSigningKeys.Rfc8037Ed25519PrivateJwk, TestSigningKeys.RsaJwk("a", bits: 1024).ToJsonString(), TestSigningKeys.OctJwk("a").ToJsonString()];
        string[] pems = [pkcs8, pkcs1, ecPkcs8, sec1, ecPublic, TestSigningKeys.OpenSslEd25519Private, TestSigningKeys.OpenSslEd448Private, TestSigningKeys.OpenSslEd25519Public];
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=\"{}[]:, ";

        string Mutate(string text)
        {
            var chars = text.ToCharArray();
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            return new string(chars);
        }

        for (var i = 0; i < 1500; i++)
        {
            var jwk = Mutate(jwks[i % jwks.Length]);
            var pem = Mutate(pems[i % pems.Length]);
            Assert.DoesNotThrow(() => KeyMaterial.LoadJwk(jwk, null).Key?.Dispose(), jwk);
            Assert.DoesNotThrow(() => KeyMaterial.LoadPem(pem, null).Key?.Dispose(), pem);
            Assert.DoesNotThrow(() => KeyMaterial.LoadPem(null, pem).Key?.Dispose(), pem);
        }
    }
}
