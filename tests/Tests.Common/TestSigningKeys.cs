using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace HybridGateway.Tests.Common;

/// <summary>
/// Key material for the keys entity tests: keys generated with .NET at run time (PEM and JWK forms of the same key),
/// and fixed keys from the RFCs and from OpenSSL, which none of our code produced.
/// </summary>
public static class TestSigningKeys
{
    /// <summary>RFC 7517 appendix A.2's private EC P-256 key (its <c>kid</c> is "1"); x and y checked against d with Python's cryptography.</summary>
    public const string Rfc7517EcPrivateJwk =
        """{"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM","d":"870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE","use":"enc","kid":"1"}""";

    /// <summary>RFC 8037 appendix A.1's Ed25519 key (RFC 8032's test 1), with a kid added.</summary>
    public const string Rfc8037Ed25519PrivateJwk =
        """{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"ed"}""";

    /// <summary>The RFC 8037 key's private scalar, to look for in stored rows.</summary>
    public const string Rfc8037Ed25519D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";

    /// <summary>An Ed25519 key made with OpenSSL 3.0.19 (<c>openssl genpkey -algorithm ed25519</c>).</summary>
    public const string OpenSslEd25519Private = """
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIPCLrJWB86sgvXQsqOcN2/A6NrlLfowZakpEeVMrpTUP
-----END PRIVATE KEY-----
""";

    public const string OpenSslEd25519Public = """
-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA5BkHPOomaOiNslrmzAzylQpaBIhQ0ZYz3Pj34gP/R04=
-----END PUBLIC KEY-----
""";

    /// <summary>Another OpenSSL Ed25519 public key, which does not match <see cref="OpenSslEd25519Private"/>.</summary>
    public const string OpenSslOtherEd25519Public = """
-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEABrtX8gFeJ0BYJ66act0DEEy2WUUMGeLXDioiYiPXTSE=
-----END PUBLIC KEY-----
""";

    public const string OpenSslEd448Private = """
-----BEGIN PRIVATE KEY-----
MEcCAQAwBQYDK2VxBDsEOQvlcsRB3x7CeZ3w/vFv8bQOLCd61ymlCzUeSkAwUCgL
nnoQ1M+d3fkadg+uhKZkc6MxWywfYtZiXQ==
-----END PRIVATE KEY-----
""";

    public const string OpenSslEd448Public = """
-----BEGIN PUBLIC KEY-----
MEMwBQYDK2VxAzoAFLuB7WclFTYhN9oqjFKg8SMfjpUWLl64p4kAmQP4vUxXJiSV
J4teCcu7d2zVo63xcmem+cXOXCUA
-----END PUBLIC KEY-----
""";

    /// <summary>A secp256k1 key (OpenSSL): a valid EC key on a curve JWS does not use here.</summary>
    public const string OpenSslSecp256k1Private = """
-----BEGIN PRIVATE KEY-----
MIGEAgEAMBAGByqGSM49AgEGBSuBBAAKBG0wawIBAQQgnM6wKpUUDBjpzSFJ2cJY
yy6BodQXhNFMieYy0mbBlaOhRANCAAQWmB/A6BicLkxDVeiV8AOtDm2/PEVNz22v
syqZDULCk4Ht7ebdwCwMVWWudXJTRM/0Jz86oY/4zfCIngReAM5E
-----END PRIVATE KEY-----
""";

    /// <summary>A fresh RSA key's PEM forms.</summary>
    public static (string Pkcs8, string Pkcs1, string Public) RsaPem(int bits = 2048)
    {
        using var rsa = RSA.Create(bits);
        return (rsa.ExportPkcs8PrivateKeyPem(), rsa.ExportRSAPrivateKeyPem(), rsa.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>A fresh EC key's PEM forms on the curve named like JWK's <c>crv</c> (P-256, P-384, P-521).</summary>
    public static (string Pkcs8, string Sec1, string Public) EcPem(string crv = "P-256")
    {
        using var ecdsa = ECDsa.Create(Curve(crv));
        return (ecdsa.ExportPkcs8PrivateKeyPem(), ecdsa.ExportECPrivateKeyPem(), ecdsa.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>A fresh RSA key as a JWK (private unless <paramref name="includePrivate"/> is false).</summary>
    public static JsonObject RsaJwk(string kid, bool includePrivate = true, int bits = 2048, string? alg = null)
    {
        using var rsa = RSA.Create(bits);
        var p = rsa.ExportParameters(includePrivate);
        var jwk = new JsonObject { ["kty"] = "RSA", ["kid"] = kid, ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!) };
        if (includePrivate)
        {
            jwk["d"] = B64(p.D!);
            jwk["p"] = B64(p.P!);
            jwk["q"] = B64(p.Q!);
            jwk["dp"] = B64(p.DP!);
            jwk["dq"] = B64(p.DQ!);
            jwk["qi"] = B64(p.InverseQ!);
        }

        if (alg is not null)
        {
            jwk["alg"] = alg;
        }

        return jwk;
    }

    /// <summary>A fresh EC key as a JWK.</summary>
    public static JsonObject EcJwk(string kid, string crv = "P-256", bool includePrivate = true, string? alg = null)
    {
        using var ecdsa = ECDsa.Create(Curve(crv));
        var p = ecdsa.ExportParameters(includePrivate);
        var jwk = new JsonObject { ["kty"] = "EC", ["kid"] = kid, ["crv"] = crv, ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!) };
        if (includePrivate)
        {
            jwk["d"] = B64(p.D!);
        }

        if (alg is not null)
        {
            jwk["alg"] = alg;
        }

        return jwk;
    }

    /// <summary>A fresh symmetric key as a JWK.</summary>
    public static JsonObject OctJwk(string kid, string? alg = "HS256") => new()
    {
        ["kty"] = "oct",
        ["kid"] = kid,
        ["k"] = B64(RandomNumberGenerator.GetBytes(32)),
        ["alg"] = alg,
    };

    public static string B64(byte[] value) => Base64Url.EncodeToString(value);

    private static ECCurve Curve(string crv) => crv switch
    {
        "P-384" => ECCurve.NamedCurves.nistP384,
        "P-521" => ECCurve.NamedCurves.nistP521,
        _ => ECCurve.NamedCurves.nistP256,
    };
}
