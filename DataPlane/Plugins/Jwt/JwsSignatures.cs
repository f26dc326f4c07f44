using System.Numerics;
using System.Security.Cryptography;
using HybridGateway.Shared.Jose;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace HybridGateway.DataPlane.Plugins.Jwt;

/// <summary>
/// Signature verification per JWS family with a key that fits the algorithm. Wrong signature lengths are a plain
/// false (Kong raises a 500 there). PS*: .NET verifies with salt = hash length (what RFC 7518 §3.5 asks); when that
/// fails we run EMSA-PSS-VERIFY (RFC 8017 §9.1.2), which recovers any salt length, so tokens signed with OpenSSL's
/// default maximum salt (Kong's own encoder, node's default) verify too, with every RSA size.
/// </summary>
internal static class JwsSignatures
{
    public static bool Verify(JwsAlgorithm algorithm, JwsPublicKey key, ReadOnlySpan<byte> input, ReadOnlySpan<byte> signature)
    {
        switch (algorithm)
        {
            case JwsAlgorithm.RS256 or JwsAlgorithm.RS384 or JwsAlgorithm.RS512:
                {
                    var rsa = key.Rsa!;
                    return signature.Length == (rsa.KeySize + 7) / 8
                        && rsa.VerifyData(input, signature, HashOf(algorithm), RSASignaturePadding.Pkcs1);
                }

            case JwsAlgorithm.PS256 or JwsAlgorithm.PS384 or JwsAlgorithm.PS512:
                {
                    var rsa = key.Rsa!;
                    if (signature.Length != (rsa.KeySize + 7) / 8)
                    {
                        return false;
                    }

                    return rsa.VerifyData(input, signature, HashOf(algorithm), RSASignaturePadding.Pss)
                        || VerifyPssAnySalt(rsa, HashOf(algorithm), input, signature);
                }

            case JwsAlgorithm.ES256 or JwsAlgorithm.ES384 or JwsAlgorithm.ES512:
                {
                    var size = algorithm switch { JwsAlgorithm.ES256 => 32, JwsAlgorithm.ES384 => 48, _ => 66 };
                    return signature.Length == 2 * size
                        && key.Ecdsa!.VerifyData(input, signature, HashOf(algorithm), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }

            case JwsAlgorithm.EdDSA when key.Type == JwsKeyType.Ed25519:
                return signature.Length == Ed25519.SignatureSize && Ed25519.Verify(signature.ToArray(), 0, key.EdKey!, 0, input.ToArray(), 0, input.Length);

            case JwsAlgorithm.EdDSA when key.Type == JwsKeyType.Ed448:
                return signature.Length == Ed448.SignatureSize && Ed448.Verify(signature.ToArray(), 0, key.EdKey!, 0, [], input.ToArray(), 0, input.Length);

            default:
                return false;
        }
    }

    private static HashAlgorithmName HashOf(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.RS256 or JwsAlgorithm.PS256 or JwsAlgorithm.ES256 => HashAlgorithmName.SHA256,
        JwsAlgorithm.RS384 or JwsAlgorithm.PS384 or JwsAlgorithm.ES384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    /// <summary>RFC 8017 §8.1.2 + §9.1.2 with MGF1 over the same hash, the salt length read from the encoded message.</summary>
    internal static bool VerifyPssAnySalt(RSA rsa, HashAlgorithmName hash, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var n = new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true);
        var e = new BigInteger(parameters.Exponent, isUnsigned: true, isBigEndian: true);
        var s = new BigInteger(signature, isUnsigned: true, isBigEndian: true);
        if (s >= n)
        {
            return false;
        }

        var modBits = (int)n.GetBitLength();
        var emBits = modBits - 1;
        var emLen = (emBits + 7) / 8;
        var m = BigInteger.ModPow(s, e, n);
        if (m.GetByteCount(isUnsigned: true) > emLen)
        {
            return false;
        }

        var em = new byte[emLen];
        m.TryWriteBytes(em.AsSpan(emLen - m.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);

        var mHash = CryptographicOperations.HashData(hash, message);
        var hLen = mHash.Length;
        if (emLen < hLen + 2 || em[^1] != 0xbc)
        {
            return false;
        }

        var dbLen = emLen - hLen - 1;
        var maskedDb = em.AsSpan(0, dbLen);
        var h = em.AsSpan(dbLen, hLen);
        var unusedBits = (8 * emLen) - emBits;
        if (unusedBits > 0 && (maskedDb[0] & (0xff << (8 - unusedBits)) & 0xff) != 0)
        {
            return false;
        }

        var db = Mgf1(hash, h, dbLen);
        for (var i = 0; i < dbLen; i++)
        {
            db[i] ^= maskedDb[i];
        }

        if (unusedBits > 0)
        {
            db[0] &= (byte)(0xff >> unusedBits);
        }

        // DB = PS (zeros) || 0x01 || salt: the first non-zero byte must be 0x01.
        var separator = Array.FindIndex(db, b => b != 0);
        if (separator < 0 || db[separator] != 0x01)
        {
            return false;
        }

        var salt = db.AsSpan(separator + 1);
        var mPrime = new byte[8 + hLen + salt.Length];
        mHash.CopyTo(mPrime, 8);
        salt.CopyTo(mPrime.AsSpan(8 + hLen));
        return CryptographicOperations.FixedTimeEquals(CryptographicOperations.HashData(hash, mPrime), h);
    }

    private static byte[] Mgf1(HashAlgorithmName hash, ReadOnlySpan<byte> seed, int length)
    {
        var output = new byte[length];
        var block = new byte[seed.Length + 4];
        seed.CopyTo(block);
        var written = 0;
        for (uint counter = 0; written < length; counter++)
        {
            block[^4] = (byte)(counter >> 24);
            block[^3] = (byte)(counter >> 16);
            block[^2] = (byte)(counter >> 8);
            block[^1] = (byte)counter;
            var digest = CryptographicOperations.HashData(hash, block);
            var take = Math.Min(digest.Length, length - written);
            digest.AsSpan(0, take).CopyTo(output.AsSpan(written));
            written += take;
        }

        return output;
    }
}
