using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HybridGateway.Shared.Jose;

/// <summary>
/// A private JWK (RFC 7517/7518) that can sign: RSA (RS*/PS*), EC P-256/384/521 (ES*) or a symmetric <c>oct</c> key
/// (HS*, with <c>k</c> base64url-decoded as the RFC says, and at least as long as the hash). Read once per config
/// version; the control plane validates with the same code, so a key that passes the Admin API signs on every node.
/// </summary>
public sealed class PrivateJwk
{
    /// <summary>Larger JWK texts are refused unread; an RSA-8192 private JWK stays well below it.</summary>
    public const int MaxLength = 32 * 1024;

    private PrivateJwk(string algorithm, string? keyId, RSA? rsa, ECDsa? ecdsa, byte[]? secret)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        Rsa = rsa;
        Ecdsa = ecdsa;
        Secret = secret;
    }

    /// <summary>The JWS algorithm: the JWK's <c>alg</c>, or RS256 / ES256-384-512 by curve / HS256 when it has none.</summary>
    public string Algorithm { get; }

    public string? KeyId { get; }

    public RSA? Rsa { get; }

    public ECDsa? Ecdsa { get; }

    public byte[]? Secret { get; }

    /// <summary>Parses <paramref name="json"/>; on failure returns null and a message fit for a field error.</summary>
    public static PrivateJwk? TryParse(string? json, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(json) || json.Length > MaxLength)
        {
            error = json is null || json.Length <= MaxLength ? "must be a private JWK as a JSON string" : $"longer than {MaxLength} characters";
            return null;
        }

        JsonObject jwk;
        try
        {
            if (JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 8 }) is not JsonObject parsed)
            {
                error = "could not json decode jwk string";
                return null;
            }

            jwk = parsed;
        }
        catch (JsonException)
        {
            error = "could not json decode jwk string";
            return null;
        }

        try
        {
            return Read(jwk, out error);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or InvalidOperationException or ArgumentException)
        {
            error = "could not load JWK, likely not a valid key";
            return null;
        }
    }

    private static PrivateJwk? Read(JsonObject jwk, out string? error)
    {
        error = null;
        var kty = Text(jwk, "kty");
        var alg = Text(jwk, "alg");
        var kid = Text(jwk, "kid");
        PrivateJwk? key = kty switch
        {
            "RSA" => ReadRsa(jwk, alg, kid, out error),
            "EC" => ReadEc(jwk, alg, kid, out error),
            "oct" => ReadOct(jwk, alg, kid, out error),
            _ => Fail($"unsupported kty '{kty}': RSA, EC or oct", out error),
        };
        return key;
    }

    private static PrivateJwk? ReadRsa(JsonObject jwk, string? alg, string? kid, out string? error)
    {
        var algorithm = alg ?? JwsAlgorithms.RS256;
        if (JwsAlgorithms.Parse(algorithm) is not (JwsAlgorithm.RS256 or JwsAlgorithm.RS384 or JwsAlgorithm.RS512 or JwsAlgorithm.PS256 or JwsAlgorithm.PS384 or JwsAlgorithm.PS512))
        {
            return Fail($"alg '{algorithm}' does not fit an RSA key", out error);
        }

        if (!Has(jwk, "n", "e", "d", "p", "q", "dp", "dq", "qi"))
        {
            return Fail("an RSA private JWK needs n, e, d, p, q, dp, dq and qi", out error);
        }

        var n = Bytes(jwk, "n");
        var half = (n.Length + 1) / 2;
        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters
        {
            Modulus = n,
            Exponent = Bytes(jwk, "e"),
            D = Pad(Bytes(jwk, "d"), n.Length),
            P = Pad(Bytes(jwk, "p"), half),
            Q = Pad(Bytes(jwk, "q"), half),
            DP = Pad(Bytes(jwk, "dp"), half),
            DQ = Pad(Bytes(jwk, "dq"), half),
            InverseQ = Pad(Bytes(jwk, "qi"), half),
        });
        if (rsa.KeySize < 2048)
        {
            rsa.Dispose();
            return Fail("RSA keys must have at least 2048 bits", out error);
        }

        if (!SignsAndVerifies(rsa))
        {
            rsa.Dispose();
            return Fail("the private key does not match the public key", out error);
        }

        error = null;
        return new PrivateJwk(algorithm, kid, rsa, null, null);
    }

    private static PrivateJwk? ReadEc(JsonObject jwk, string? alg, string? kid, out string? error)
    {
        var (curve, size, algorithm) = Text(jwk, "crv") switch
        {
            "P-256" => (ECCurve.NamedCurves.nistP256, 32, JwsAlgorithms.ES256),
            "P-384" => (ECCurve.NamedCurves.nistP384, 48, JwsAlgorithms.ES384),
            "P-521" => (ECCurve.NamedCurves.nistP521, 66, JwsAlgorithms.ES512),
            var other => (default(ECCurve), 0, $"crv '{other}'"),
        };
        if (size == 0)
        {
            return Fail($"unsupported {algorithm}: P-256, P-384 or P-521", out error);
        }

        if (alg is not null && alg != algorithm)
        {
            return Fail($"alg '{alg}' does not fit curve {Text(jwk, "crv")}", out error);
        }

        if (!Has(jwk, "x", "y", "d"))
        {
            return Fail("an EC private JWK needs x, y and d", out error);
        }

        var ecdsa = ECDsa.Create();
        ecdsa.ImportParameters(new ECParameters
        {
            Curve = curve,
            Q = new ECPoint { X = Pad(Bytes(jwk, "x"), size), Y = Pad(Bytes(jwk, "y"), size) },
            D = Pad(Bytes(jwk, "d"), size),
        });
        if (!SignsAndVerifies(ecdsa))
        {
            ecdsa.Dispose();
            return Fail("the private key does not match the public key", out error);
        }

        error = null;
        return new PrivateJwk(algorithm, kid, null, ecdsa, null);
    }

    private static PrivateJwk? ReadOct(JsonObject jwk, string? alg, string? kid, out string? error)
    {
        var algorithm = alg ?? JwsAlgorithms.HS256;
        var minimum = JwsAlgorithms.Parse(algorithm) switch
        {
            JwsAlgorithm.HS256 => 32,
            JwsAlgorithm.HS384 => 48,
            JwsAlgorithm.HS512 => 64,
            _ => 0,
        };
        if (minimum == 0)
        {
            return Fail($"alg '{algorithm}' does not fit an oct key", out error);
        }

        if (!Has(jwk, "k"))
        {
            return Fail("an oct JWK needs k", out error);
        }

        byte[] secret;
        try
        {
            secret = Bytes(jwk, "k");
        }
        catch (FormatException)
        {
            return Fail("k must be base64url (RFC 7517)", out error);
        }

        if (secret.Length < minimum)
        {
            return Fail($"k must hold at least {minimum} bytes for {algorithm}", out error);
        }

        error = null;
        return new PrivateJwk(algorithm, kid, null, null, secret);
    }

    private static bool SignsAndVerifies(AsymmetricAlgorithm key)
    {
        ReadOnlySpan<byte> probe = "HybridGateway key check"u8;
        return key switch
        {
            RSA rsa => rsa.VerifyData(probe, rsa.SignData(probe, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => ecdsa.VerifyData(probe, ecdsa.SignData(probe, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256),
            _ => false,
        };
    }

    private static string? Text(JsonObject jwk, string name) =>
        jwk[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool Has(JsonObject jwk, params string[] names) => names.All(n => Text(jwk, n) is { Length: > 0 });

    private static byte[] Bytes(JsonObject jwk, string name)
    {
        var text = Text(jwk, name)!;
        if (text.AsSpan().IndexOfAnyExcept(Base64UrlAlphabet) >= 0)
        {
            throw new FormatException($"{name} is not base64url");
        }

        return System.Buffers.Text.Base64Url.DecodeFromChars(text);
    }

    private static byte[] Pad(byte[] value, int length) =>
        value.Length >= length ? value : [.. new byte[length - value.Length], .. value];

    private static PrivateJwk? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
