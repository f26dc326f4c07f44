using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridGateway.Shared.Configuration;
using HybridGateway.Shared.Jose;
using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace HybridGateway.Shared.Keys;

/// <summary>
/// The outcome of loading key material: the key, or an error. <see cref="Field"/> is null for Kong's own messages,
/// which Kong reports about the entity as a whole; our additional checks name the field.
/// </summary>
public sealed record KeyLoadResult(SigningKey? Key, string? Error, string? Field = null)
{
    public bool IsValid => Key is not null;

    /// <summary>The algorithm a loaded JWK names in its <c>alg</c> (checked to fit the key); null for PEM keys and JWKs without one.</summary>
    public JwsAlgorithm? Algorithm { get; init; }

    /// <summary>A loaded JWK's own <c>kid</c>; null for PEM keys and JWKs without one.</summary>
    public string? Kid { get; init; }

    internal static KeyLoadResult Fail(string error, string? field = null) => new(null, error, field);
}

/// <summary>
/// The one place that loads the key material of a <c>keys</c> entity: a JWK (kty RSA, EC P-256/384/521, OKP
/// Ed25519/Ed448, oct) or PEM keys (private: PKCS#8 <c>PRIVATE KEY</c> of any of those types, PKCS#1
/// <c>RSA PRIVATE KEY</c>, SEC1 <c>EC PRIVATE KEY</c>; public: whatever <see cref="PublicKeyParser"/> reads).
/// A private key must be consistent and match its public key (a sign-and-verify round trip); a JWK's <c>alg</c> must
/// fit the key. Every input is size-limited and every failure is an error value, never an exception.
/// </summary>
public static class KeyMaterial
{
    /// <summary>The longest <c>jwk</c> string accepted: an RSA-8192 private JWK is about 6 KB.</summary>
    public const int MaxJwkLength = 64 * 1024;

    /// <summary>The longest PEM text accepted, public or private.</summary>
    public const int MaxPemLength = PublicKeyParser.MaxPemLength;

    /// <summary>The largest RSA key: every node signs once per validation, and an RSA-16384 signature takes seconds.</summary>
    public const int MaxRsaBits = 8192;

    public const string JwkNotJson = "could not json decode jwk string";
    public const string KidMismatch = "kid in jwk.kid must be equal to keys.kid";
    public const string JwkInvalid = "could not load JWK, likely not a valid key";
    public const string PemMissing = "need to supply a PEM formatted public and/or private key.";
    public const string PublicInvalid = "could not load public key";
    public const string PrivateInvalid = "could not load private key";
    public const string PemMismatch = "public key does not match private key";

    /// <summary>JWK members that must be strings when present (RFC 7517/7518); a key whose members are not is not valid.</summary>
    private static readonly string[] StringMembers = ["kty", "use", "alg", "kid", "crv", "n", "e", "d", "p", "q", "dp", "dq", "qi", "x", "y", "k"];

    /// <summary>Loads the material of a key entity: its <c>jwk</c> when set, else its <c>pem</c>.</summary>
    public static KeyLoadResult Load(KeyConfig key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Jwk is not null ? LoadJwk(key.Jwk, key.Kid) : LoadPem(key.Pem?.PrivateKey, key.Pem?.PublicKey);
    }

    /// <summary>Loads a JWK given as JSON text; when <paramref name="kid"/> is not null, the JWK's <c>kid</c> must equal it.</summary>
    public static KeyLoadResult LoadJwk(string text, string? kid)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxJwkLength)
        {
            return KeyLoadResult.Fail($"length must be at most {MaxJwkLength}", "jwk");
        }

        JsonObject? json;
        try
        {
            json = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json is null)
        {
            return KeyLoadResult.Fail(JwkNotJson);
        }

        if (json.ContainsKey(KeySecrets.WithheldMember))
        {
            return KeyLoadResult.Fail(KeySecrets.WithheldMessage, "jwk");
        }

        if (kid is not null && !(json["kid"] is JsonValue jwkKid && jwkKid.GetValueKind() == JsonValueKind.String && jwkKid.GetValue<string>() == kid))
        {
            return KeyLoadResult.Fail(KidMismatch);
        }

        // Multi-prime RSA keys ("oth") are rare and .NET cannot load them.
        if (json.ContainsKey("oth") || StringMembers.Any(m => json[m] is { } value && value.GetValueKind() != JsonValueKind.String))
        {
            return KeyLoadResult.Fail(JwkInvalid);
        }

        SigningKey? key;
        try
        {
            var jwk = JsonWebKey.Create(text);
            key = jwk.Kty switch
            {
                JsonWebAlgorithmsKeyTypes.RSA => LoadRsa(jwk),
                JsonWebAlgorithmsKeyTypes.EllipticCurve => LoadEc(jwk),
                "OKP" => LoadOkp(jwk),
                JsonWebAlgorithmsKeyTypes.Octet => jwk.K is { Length: > 0 } k ? SigningKey.FromSecret(Base64Url.DecodeFromChars(k)) : null,
                _ => null,
            };
        }
        catch (KeyRejectedException ex)
        {
            return KeyLoadResult.Fail(ex.Message, "jwk");
        }
        catch (Exception ex) when (IsMalformedKey(ex))
        {
            key = null;
        }

        if (key is null || !Consistent(key))
        {
            key?.Dispose();
            return KeyLoadResult.Fail(JwkInvalid);
        }

        JwsAlgorithm? algorithm = null;
        if (json["alg"] is JsonValue algValue && algValue.GetValue<string>() is var alg)
        {
            algorithm = JwsAlgorithms.Parse(alg);
            if (algorithm is not { } named || !key.Fits(named))
            {
                key.Dispose();
                return KeyLoadResult.Fail($"alg '{alg}' does not fit this {Describe(key)} key", "jwk");
            }
        }

        return new KeyLoadResult(key, null) { Algorithm = algorithm, Kid = (string?)json["kid"] };
    }

    /// <summary>Loads PEM keys: a private key, a public key, or both (which must then belong together).</summary>
    public static KeyLoadResult LoadPem(string? privateKey, string? publicKey)
    {
        if (privateKey is null && publicKey is null)
        {
            return KeyLoadResult.Fail(PemMissing);
        }

        if (privateKey == KeySecrets.Withheld)
        {
            return KeyLoadResult.Fail(KeySecrets.WithheldMessage, "pem.private_key");
        }

        foreach (var (text, field) in new[] { (privateKey, "pem.private_key"), (publicKey, "pem.public_key") })
        {
            if (text is { Length: > MaxPemLength })
            {
                return KeyLoadResult.Fail($"length must be at most {MaxPemLength}", field);
            }
        }

        JwsPublicKey? publicPart = null;
        if (publicKey is not null)
        {
            publicPart = PublicKeyParser.TryParse(publicKey);
            if (publicPart is null)
            {
                return KeyLoadResult.Fail(PublicInvalid);
            }
        }

        if (privateKey is null)
        {
            return new KeyLoadResult(SigningKey.FromPublic(publicPart!), null);
        }

        SigningKey? key;
        try
        {
            key = LoadPrivatePem(privateKey);
        }
        catch (KeyRejectedException ex)
        {
            return KeyLoadResult.Fail(ex.Message, "pem.private_key");
        }
        catch (Exception ex) when (IsMalformedKey(ex))
        {
            key = null;
        }

        if (key is null || !Consistent(key))
        {
            key?.Dispose();
            return KeyLoadResult.Fail(PrivateInvalid);
        }

        if (publicPart is not null && !Pairs(key, publicPart))
        {
            key.Dispose();
            return KeyLoadResult.Fail(PemMismatch);
        }

        return new KeyLoadResult(key, null);
    }

    private static SigningKey? LoadRsa(JsonWebKey jwk)
    {
        var modulus = TrimLeadingZeros(Decode(jwk.N));
        var exponent = Decode(jwk.E);
        if (modulus.Length == 0 || exponent.Length == 0)
        {
            return null;
        }

        CheckRsaSize(modulus.Length * 8);
        var parameters = new RSAParameters { Modulus = modulus, Exponent = exponent };
        var hasPrivate = jwk.D is not null;
        if (hasPrivate)
        {
            if (jwk.P is null || jwk.Q is null || jwk.DP is null || jwk.DQ is null || jwk.QI is null)
            {
                throw new KeyRejectedException("an RSA private JWK needs all of d, p, q, dp, dq and qi");
            }

            // .NET wants every private value at its full length; JWK writes them as minimal unsigned integers.
            var half = (modulus.Length + 1) / 2;
            parameters.D = Pad(Decode(jwk.D), modulus.Length);
            parameters.P = Pad(Decode(jwk.P), half);
            parameters.Q = Pad(Decode(jwk.Q), half);
            parameters.DP = Pad(Decode(jwk.DP), half);
            parameters.DQ = Pad(Decode(jwk.DQ), half);
            parameters.InverseQ = Pad(Decode(jwk.QI), half);
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(parameters);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }

        return SigningKey.FromRsa(rsa, hasPrivate);
    }

    private static SigningKey? LoadEc(JsonWebKey jwk)
    {
        (ECCurve Curve, int Size, JwsKeyType Type)? curve = jwk.Crv switch
        {
            "P-256" => (ECCurve.NamedCurves.nistP256, 32, JwsKeyType.EcP256),
            "P-384" => (ECCurve.NamedCurves.nistP384, 48, JwsKeyType.EcP384),
            "P-521" => (ECCurve.NamedCurves.nistP521, 66, JwsKeyType.EcP521),
            _ => null,
        };
        if (curve is not var (namedCurve, size, type) || jwk.X is null || jwk.Y is null)
        {
            return null;
        }

        var parameters = new ECParameters
        {
            Curve = namedCurve,
            Q = new ECPoint { X = Pad(Decode(jwk.X), size), Y = Pad(Decode(jwk.Y), size) },
            D = jwk.D is null ? null : Pad(Decode(jwk.D), size),
        };

        // Importing checks that the point is on the curve.
        var ecdsa = ECDsa.Create(parameters);
        return SigningKey.FromEcdsa(type, ecdsa, parameters.D is not null);
    }

    private static SigningKey? LoadOkp(JsonWebKey jwk)
    {
        if (jwk.X is null)
        {
            return null;
        }

        var x = Decode(jwk.X);
        var d = jwk.D is null ? null : Decode(jwk.D);
        switch (jwk.Crv)
        {
            case "Ed25519" when x.Length == Ed25519PublicKeyParameters.KeySize && (d is null || d.Length == Ed25519PrivateKeyParameters.KeySize):
                // The constructor decodes the point and throws when it is not on the curve.
                _ = new Ed25519PublicKeyParameters(x);
                return SigningKey.FromEd25519(x, d is null ? null : new Ed25519PrivateKeyParameters(d));
            case "Ed448" when x.Length == Ed448PublicKeyParameters.KeySize && (d is null || d.Length == Ed448PrivateKeyParameters.KeySize):
                _ = new Ed448PublicKeyParameters(x);
                return SigningKey.FromEd448(x, d is null ? null : new Ed448PrivateKeyParameters(d));
            default:
                // X25519 and X448 agree keys, they do not sign.
                return null;
        }
    }

    private static SigningKey? LoadPrivatePem(string pem)
    {
        if (!PublicKeyParser.TryDecodePem(pem, out var label, out var der))
        {
            return null;
        }

        return label switch
        {
            "PRIVATE KEY" => FromPkcs8(der),
            "RSA PRIVATE KEY" => FromRsaPrivateKey(rsa => rsa.ImportRSAPrivateKey(der, out _)),
            "EC PRIVATE KEY" => FromEcPrivateKey(ecdsa => ecdsa.ImportECPrivateKey(der, out _)),
            _ => null,
        };
    }

    private static SigningKey? FromPkcs8(byte[] der)
    {
        var algorithm = PrivateKeyInfo.GetInstance(der).PrivateKeyAlgorithm.Algorithm;
        if (algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption))
        {
            return FromRsaPrivateKey(rsa => rsa.ImportPkcs8PrivateKey(der, out _));
        }

        if (algorithm.Equals(Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.IdECPublicKey))
        {
            return FromEcPrivateKey(ecdsa => ecdsa.ImportPkcs8PrivateKey(der, out _));
        }

        if (algorithm.Equals(EdECObjectIdentifiers.id_Ed25519) && PrivateKeyFactory.CreateKey(der) is Ed25519PrivateKeyParameters ed25519)
        {
            return SigningKey.FromEd25519(ed25519.GeneratePublicKey().GetEncoded(), ed25519);
        }

        if (algorithm.Equals(EdECObjectIdentifiers.id_Ed448) && PrivateKeyFactory.CreateKey(der) is Ed448PrivateKeyParameters ed448)
        {
            return SigningKey.FromEd448(ed448.GeneratePublicKey().GetEncoded(), ed448);
        }

        return null;
    }

    private static SigningKey FromRsaPrivateKey(Action<RSA> import)
    {
        var rsa = RSA.Create();
        try
        {
            import(rsa);
            CheckRsaSize(rsa.KeySize);
            return SigningKey.FromRsa(rsa, hasPrivate: true);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    private static SigningKey? FromEcPrivateKey(Action<ECDsa> import)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            import(ecdsa);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }

        if (PublicKeyParser.CurveOf(ecdsa) is not { } type)
        {
            ecdsa.Dispose();
            return null;
        }

        return SigningKey.FromEcdsa(type, ecdsa, hasPrivate: true);
    }

    private static bool Consistent(SigningKey key)
    {
        try
        {
            return !key.HasPrivate || key.IsConsistent();
        }
        catch (Exception ex) when (IsMalformedKey(ex))
        {
            return false;
        }
    }

    private static bool Pairs(SigningKey key, JwsPublicKey publicKey)
    {
        try
        {
            return key.PairsWith(publicKey);
        }
        catch (Exception ex) when (IsMalformedKey(ex))
        {
            return false;
        }
    }

    private static void CheckRsaSize(int bits)
    {
        if (bits > MaxRsaBits)
        {
            throw new KeyRejectedException($"RSA keys of more than {MaxRsaBits} bits are not supported");
        }
    }

    private static string Describe(SigningKey key) => key.Public?.Type switch
    {
        null => "symmetric (oct)",
        JwsKeyType.Rsa => "RSA",
        JwsKeyType.EcP256 => "EC P-256",
        JwsKeyType.EcP384 => "EC P-384",
        JwsKeyType.EcP521 => "EC P-521",
        var type => type.ToString()!,
    };

    private static byte[] Decode(string? base64Url) =>
        base64Url is null ? [] : Base64Url.DecodeFromChars(base64Url);

    private static byte[] TrimLeadingZeros(byte[] value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return start == 0 ? value : value[start..];
    }

    /// <summary>Left-pads a big-endian integer to <paramref name="length"/> bytes; one that is longer is not a valid key.</summary>
    private static byte[] Pad(byte[] value, int length)
    {
        var trimmed = TrimLeadingZeros(value);
        if (trimmed.Length > length)
        {
            throw new FormatException("key value longer than its key size");
        }

        if (trimmed.Length == length)
        {
            return trimmed;
        }

        var padded = new byte[length];
        trimmed.CopyTo(padded, length - trimmed.Length);
        return padded;
    }

    // Malformed input surfaces as any of these from .NET, IdentityModel or BouncyCastle: it is simply not a key.
    private static bool IsMalformedKey(Exception ex) =>
        ex is CryptographicException or ArgumentException or FormatException or InvalidCastException or InvalidOperationException
            or JsonException or IOException or OverflowException or NotSupportedException;

    /// <summary>Key material that parses but that we refuse, with a message naming why.</summary>
    private sealed class KeyRejectedException(string message) : Exception(message);
}
