using System.Security.Cryptography;

namespace HybridGateway.Shared.Jose;

/// <summary>What kind of key a <see cref="JwsPublicKey"/> holds.</summary>
public enum JwsKeyType
{
    Rsa,
    EcP256,
    EcP384,
    EcP521,
    Ed25519,
    Ed448,
}

/// <summary>
/// A parsed public key, ready to verify signatures: built once when a configuration is applied, never per request.
/// Exactly one of <see cref="Rsa"/>, <see cref="Ecdsa"/> and <see cref="EdKey"/> is set, as <see cref="Type"/> says.
/// </summary>
public sealed class JwsPublicKey
{
    private JwsPublicKey(JwsKeyType type, RSA? rsa, ECDsa? ecdsa, byte[]? edKey)
    {
        Type = type;
        Rsa = rsa;
        Ecdsa = ecdsa;
        EdKey = edKey;
    }

    public JwsKeyType Type { get; }

    public RSA? Rsa { get; }

    public ECDsa? Ecdsa { get; }

    /// <summary>The raw Ed25519 (32 bytes) or Ed448 (57 bytes) public key.</summary>
    public byte[]? EdKey { get; }

    internal static JwsPublicKey FromRsa(RSA rsa) => new(JwsKeyType.Rsa, rsa, null, null);

    internal static JwsPublicKey FromEcdsa(JwsKeyType type, ECDsa ecdsa) => new(type, null, ecdsa, null);

    internal static JwsPublicKey FromEd(JwsKeyType type, byte[] key) => new(type, null, null, key);

    /// <summary>
    /// True when this key can verify <paramref name="algorithm"/>: RSA for RS*/PS*, the matching NIST curve for ES*,
    /// Ed25519 or Ed448 for EdDSA. HS* never fits a public key, which rules out algorithm confusion.
    /// </summary>
    public bool Fits(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.RS256 or JwsAlgorithm.RS384 or JwsAlgorithm.RS512
            or JwsAlgorithm.PS256 or JwsAlgorithm.PS384 or JwsAlgorithm.PS512 => Type == JwsKeyType.Rsa,
        JwsAlgorithm.ES256 => Type == JwsKeyType.EcP256,
        JwsAlgorithm.ES384 => Type == JwsKeyType.EcP384,
        JwsAlgorithm.ES512 => Type == JwsKeyType.EcP521,
        JwsAlgorithm.EdDSA => Type is JwsKeyType.Ed25519 or JwsKeyType.Ed448,
        _ => false,
    };
}
