using System.Security.Cryptography;
using HybridGateway.Shared.Jose;
using Org.BouncyCastle.Crypto.Parameters;
using Rfc8032 = Org.BouncyCastle.Math.EC.Rfc8032;

namespace HybridGateway.Shared.Keys;

/// <summary>
/// A key of a <c>keys</c> entity, loaded by <see cref="KeyMaterial"/>: an asymmetric key (its public half always, its
/// private half when the entity has one) or a symmetric <c>oct</c> secret. Signs with any JWS algorithm it fits.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly Ed25519PrivateKeyParameters? _ed25519;
    private readonly Ed448PrivateKeyParameters? _ed448;
    private readonly byte[]? _secret;

    private SigningKey(JwsPublicKey? publicKey, RSA? rsa, ECDsa? ecdsa, Ed25519PrivateKeyParameters? ed25519, Ed448PrivateKeyParameters? ed448, byte[]? secret)
    {
        Public = publicKey;
        _rsa = rsa;
        _ecdsa = ecdsa;
        _ed25519 = ed25519;
        _ed448 = ed448;
        _secret = secret;
    }

    /// <summary>The public half; null for a symmetric (<c>oct</c>) key.</summary>
    public JwsPublicKey? Public { get; }

    public bool IsSymmetric => _secret is not null;

    /// <summary>The length in bytes of a symmetric key (RFC 7518 §3.2 asks for at least the hash's); null otherwise.</summary>
    public int? SecretLength => _secret?.Length;

    /// <summary>True when the key can sign: a private asymmetric key, or a symmetric secret.</summary>
    public bool HasPrivate => _rsa is not null || _ecdsa is not null || _ed25519 is not null || _ed448 is not null || _secret is not null;

    /// <summary>HS* for a symmetric key; otherwise what the public half fits (<see cref="JwsPublicKey.Fits"/>).</summary>
    public bool Fits(JwsAlgorithm algorithm) =>
        IsSymmetric ? !JwsAlgorithms.IsAsymmetric(algorithm) : Public!.Fits(algorithm);

    /// <summary>The JWS signature of <paramref name="data"/>; throws when the key cannot sign with <paramref name="algorithm"/>.</summary>
    public byte[] Sign(JwsAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        if (!HasPrivate || !Fits(algorithm))
        {
            throw new InvalidOperationException($"this key cannot sign {algorithm}");
        }

        return algorithm switch
        {
            JwsAlgorithm.HS256 => HMACSHA256.HashData(_secret!, data),
            JwsAlgorithm.HS384 => HMACSHA384.HashData(_secret!, data),
            JwsAlgorithm.HS512 => HMACSHA512.HashData(_secret!, data),
            JwsAlgorithm.RS256 or JwsAlgorithm.RS384 or JwsAlgorithm.RS512 => _rsa!.SignData(data, HashOf(algorithm), RSASignaturePadding.Pkcs1),
            JwsAlgorithm.PS256 or JwsAlgorithm.PS384 or JwsAlgorithm.PS512 => _rsa!.SignData(data, HashOf(algorithm), RSASignaturePadding.Pss),
            JwsAlgorithm.ES256 or JwsAlgorithm.ES384 or JwsAlgorithm.ES512 => _ecdsa!.SignData(data, HashOf(algorithm), DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => SignEd(data),
        };
    }

    /// <summary>Releases the keys, <see cref="Public"/>'s included.</summary>
    public void Dispose()
    {
        _rsa?.Dispose();
        _ecdsa?.Dispose();
        Public?.Rsa?.Dispose();
        Public?.Ecdsa?.Dispose();
        if (_secret is not null)
        {
            CryptographicOperations.ZeroMemory(_secret);
        }
    }

    /// <summary>Takes ownership of <paramref name="rsa"/> (disposed here when it holds no private key).</summary>
    internal static SigningKey FromRsa(RSA rsa, bool hasPrivate)
    {
        if (!hasPrivate)
        {
            return new(JwsPublicKey.FromRsa(rsa), null, null, null, null, null);
        }

        var publicKey = RSA.Create();
        publicKey.ImportParameters(rsa.ExportParameters(includePrivateParameters: false));
        return new(JwsPublicKey.FromRsa(publicKey), rsa, null, null, null, null);
    }

    /// <summary>Takes ownership of <paramref name="ecdsa"/>.</summary>
    internal static SigningKey FromEcdsa(JwsKeyType type, ECDsa ecdsa, bool hasPrivate)
    {
        if (!hasPrivate)
        {
            return new(JwsPublicKey.FromEcdsa(type, ecdsa), null, null, null, null, null);
        }

        var publicKey = ECDsa.Create(ecdsa.ExportParameters(includePrivateParameters: false));
        return new(JwsPublicKey.FromEcdsa(type, publicKey), null, ecdsa, null, null, null);
    }

    internal static SigningKey FromEd25519(byte[] publicKey, Ed25519PrivateKeyParameters? privateKey) =>
        new(JwsPublicKey.FromEd(JwsKeyType.Ed25519, publicKey), null, null, privateKey, null, null);

    internal static SigningKey FromEd448(byte[] publicKey, Ed448PrivateKeyParameters? privateKey) =>
        new(JwsPublicKey.FromEd(JwsKeyType.Ed448, publicKey), null, null, null, privateKey, null);

    /// <summary>A key made of a public key only: it verifies (and is published) but cannot sign.</summary>
    internal static SigningKey FromPublic(JwsPublicKey publicKey) => new(publicKey, null, null, null, null, null);

    internal static SigningKey FromSecret(byte[] secret) => new(null, null, null, null, null, secret);

    /// <summary>
    /// True when this key's private half and <paramref name="publicKey"/> belong together: a signature made with the
    /// private half verifies with the public key (a round trip, so any inconsistency in the private key shows too).
    /// </summary>
    internal bool PairsWith(JwsPublicKey publicKey)
    {
        if (!HasPrivate || IsSymmetric)
        {
            return false;
        }

        var algorithm = JwsWriter.DefaultAlgorithm(this);
        if (!publicKey.Fits(algorithm) || publicKey.Type != Public!.Type)
        {
            return false;
        }

        var probe = RandomNumberGenerator.GetBytes(32);
        var signature = Sign(algorithm, probe);
        return publicKey.Type switch
        {
            JwsKeyType.Rsa => publicKey.Rsa!.VerifyData(probe, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            JwsKeyType.EcP256 or JwsKeyType.EcP384 or JwsKeyType.EcP521 =>
                publicKey.Ecdsa!.VerifyData(probe, signature, HashOf(algorithm), DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            JwsKeyType.Ed25519 => Rfc8032.Ed25519.Verify(signature, 0, publicKey.EdKey!, 0, probe, 0, probe.Length),
            _ => Rfc8032.Ed448.Verify(signature, 0, publicKey.EdKey!, 0, [], probe, 0, probe.Length),
        };
    }

    /// <summary>True when the private half matches its own public half (a JWK carries both in one object).</summary>
    internal bool IsConsistent() => IsSymmetric || PairsWith(Public!);

    private byte[] SignEd(ReadOnlySpan<byte> data)
    {
        var message = data.ToArray();
        if (_ed25519 is not null)
        {
            var signature = new byte[Rfc8032.Ed25519.SignatureSize];
            _ed25519.Sign(Rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.Length, signature, 0);
            return signature;
        }

        var ed448Signature = new byte[Rfc8032.Ed448.SignatureSize];
        _ed448!.Sign(Rfc8032.Ed448.Algorithm.Ed448, [], message, 0, message.Length, ed448Signature, 0);
        return ed448Signature;
    }

    private static HashAlgorithmName HashOf(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.RS384 or JwsAlgorithm.PS384 or JwsAlgorithm.ES384 or JwsAlgorithm.HS384 => HashAlgorithmName.SHA384,
        JwsAlgorithm.RS512 or JwsAlgorithm.PS512 or JwsAlgorithm.ES512 or JwsAlgorithm.HS512 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };
}
